import type { RunEvent } from '../pipeline/run-events.ts';
import type { Messages } from './i18n/messages-en.ts';
import type { CliIo } from './output.ts';

/** Prints run events as they happen (text mode only); returns the listener. */
export function progressPrinter(io: CliIo, m: Messages, enabled: boolean): (event: RunEvent) => void {
  const p = m.progress;
  return (event) => {
    if (!enabled) return;
    switch (event.type) {
      case 'lock-acquired':
        if (event.waitedMs > 1000) io.out(p.lockWaited(event.waitedMs));
        break;
      case 'backup-created':
        io.out(p.backup(event.id, event.method, event.durationMs));
        break;
      case 'migration-start':
        io.out(`${event.direction === 'up' ? p.applying(event.name) : p.reverting(event.name)}${event.transactional ? '' : p.outsideTransaction}`);
        break;
      case 'migration-retry':
        io.out(p.retry(event.attempt, event.delayMs));
        break;
      case 'migration-done':
        io.out(p.done(event.durationMs));
        for (const change of event.schemaChanges ?? []) io.out(p.schemaChange(change));
        break;
      case 'migration-failed':
        io.out(event.outcome === 'rolled-back' ? p.failedRolledBack : p.failedPartial);
        break;
      case 'restored':
        if (event.identical) io.out(p.restored(event.id));
        break;
      default:
        break;
    }
  };
}
