import type { RunEvent } from '../pipeline/run-events.ts';
import type { CommandListener } from './global-options.ts';
import type { Messages } from './i18n/messages-en.ts';
import type { CliIo } from './output.ts';
import { TerminalProgress } from './progress-bar.ts';

/**
 * Prints run events as they happen (text mode only) and draws long work (backups, restores,
 * running migrations, and any `progress` event) as a progress bar when stderr is a terminal.
 * Returns the listener; its `stop()` removes the bar at the end of the command.
 *
 * @example
 * const listener = progressPrinter(io, m, !globals.json)
 * await withMigrator(globals, (migrator) => migrator.up(), listener)
 */
export function progressPrinter(io: CliIo, m: Messages, enabled: boolean): CommandListener {
  const p = m.progress;
  const display = new TerminalProgress(enabled ? io.progress : undefined, displayTexts(m));
  const out = (line: string) => {
    display.clear();
    io.out(line);
  };
  const listener = (event: RunEvent) => {
    if (!enabled) return;
    switch (event.type) {
      case 'lock-acquired':
        if (event.waitedMs > 1000) out(p.lockWaited(event.waitedMs));
        break;
      case 'backup-created':
        display.stop();
        out(p.backup(event.id, event.method, event.durationMs));
        break;
      case 'migration-start':
        out(`${event.direction === 'up' ? p.applying(event.name) : p.reverting(event.name)}${event.transactional ? '' : p.outsideTransaction}`);
        break;
      case 'migration-retry':
        out(p.retry(event.attempt, event.delayMs));
        break;
      case 'migration-done':
        display.stop();
        out(p.done(event.durationMs));
        for (const change of event.schemaChanges ?? []) out(p.schemaChange(change));
        break;
      case 'migration-failed':
        display.stop();
        out(event.outcome === 'rolled-back' ? p.failedRolledBack : p.failedPartial);
        break;
      case 'restored':
        display.stop();
        if (event.identical) out(p.restored(event.id, event.tables ?? []));
        break;
      case 'anomaly':
        out(m.monitor.progressDisplay.anomaly(event.kind, event.detail));
        break;
      case 'extension-failed':
        display.clear();
        io.err(m.monitor.progressDisplay.extensionFailed(event.extension, event.point, event.reason));
        break;
      default:
        break;
    }
    display.handle(event);
  };
  return Object.assign(listener, { stop: () => display.stop() });
}

/**
 * Only the progress bar, for commands whose result says the rest (backup create, verify,
 * restore): nothing at all when stderr is not a terminal or with `--json`.
 *
 * @example
 * await withMigrator(globals, (m) => m.backupNow(), progressDisplay(io, globals.m, !globals.json))
 */
export function progressDisplay(io: CliIo, m: Messages, enabled: boolean): CommandListener {
  const display = new TerminalProgress(enabled ? io.progress : undefined, displayTexts(m));
  return Object.assign((event: RunEvent) => display.handle(event), { stop: () => display.stop() });
}

/** The progress display's texts: the monitor's, with the backfills' rate, time left and phases. */
function displayTexts(m: Messages) {
  const d = m.monitor.progressDisplay;
  return { ...d, phases: { ...d.phases, paused: m.backfill.paused }, rate: m.backfill.rate, eta: m.backfill.eta };
}
