import { DihyaError } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { StatusEntry } from '../migrations/plan.ts';
import type { Migrator } from '../migrator/migrator.ts';
import type { RunEvent } from '../pipeline/run-events.ts';
import { withMigrator, type CommandListener, type GlobalOptions } from './global-options.ts';
import type { CliIo, CommandResult } from './output.ts';
import { progressPrinter } from './progress.ts';

/** A migration done in the run, as its `migration-done` event told. */
export interface DoneStep {
  version: string;
  name: string;
  durationMs?: number;
}

/**
 * What a run of `up` or `down` did, as its events told: the backup taken before it, the
 * migrations done, the one that failed (and what became of its changes), the backup restored.
 *
 * @example
 * const outcome = new RunOutcome()
 * await withMigrator(globals, (m) => m.up(), outcome.listen(progressPrinter(io, globals.m, true)))
 * outcome.backup // '20261203T143924297Z-run-dc5d'
 */
export class RunOutcome {
  /** The backup taken at the start of the run (the first one). */
  backup: string | undefined;
  readonly done: DoneStep[] = [];
  failed: { version: string; name: string; code: string; outcome: ChangesOutcome } | undefined;
  /** The backups restored after the failure (`-` when dropping what the migration created was enough), and the tables put back. */
  restored: { id: string; identical: boolean; tables: string[] } | undefined;
  /** How many steps the run had, and how many it started. */
  count = 0;
  started = 0;

  /** A listener recording the events, then passing them on to `next` (the progress printer). */
  listen(next?: CommandListener): CommandListener {
    const listener = (event: RunEvent) => {
      this.#record(event);
      return next?.(event);
    };
    return Object.assign(listener, { stop: () => next?.stop?.() });
  }

  #record(event: RunEvent): void {
    if (event.type === 'backup-created') this.backup ??= event.id;
    else if (event.type === 'migration-start') {
      this.count = event.count;
      this.started = event.index;
    } else if (event.type === 'migration-done') this.done.push({ version: event.version, name: event.name, durationMs: event.durationMs });
    else if (event.type === 'migration-failed') this.failed = { version: event.version, name: event.name, code: event.code, outcome: event.outcome };
    else if (event.type === 'restored') this.restored = { id: event.id, identical: event.identical, tables: event.tables ?? [] };
  }
}

/**
 * Runs `up` or `down` for the CLI: on success the steps and the backup taken before them; when
 * the run fails (exit 1), the same result with the failure: what was applied (or reverted), what
 * failed, what was not run and the backup restored, and a one-line summary that ends the output.
 * Bad input (exit 2) is thrown as it is: nothing ran.
 *
 * @example
 * return runWithOutcome(globals, io, 'up', (m) => m.up({ to }), { to })
 */
export async function runWithOutcome(
  globals: GlobalOptions,
  io: CliIo,
  direction: 'up' | 'down',
  work: (migrator: Migrator) => Promise<DoneStep[]>,
  options: { to?: string } = {},
): Promise<CommandResult> {
  const outcome = new RunOutcome();
  const key = direction === 'up' ? 'applied' : 'reverted';
  const result = await withMigrator(
    globals,
    async (migrator) => {
      // What `up` has to apply, read before it runs: after a failure the state dir may be unreadable.
      const pendingBefore = direction === 'up' ? await pendingNames(migrator) : undefined;
      try {
        return { steps: await work(migrator) };
      } catch (error) {
        if (!(error instanceof DihyaError) || error.exitCode !== 1) throw error;
        const committed = DihyaError.is(error, 'STATE_WRITE_FAILED') ? (error.details.committed ?? []) : [];
        return { error, notRun: await notRun(migrator, direction, outcome, options.to, pendingBefore, committed) };
      }
    },
    outcome.listen(progressPrinter(io, globals.m, !globals.json)),
    (r) => r.error,
  );
  const m = globals.m;
  if (!result.error) {
    const steps = result.steps;
    const text =
      direction === 'up'
        ? [steps.length === 0 ? m.up.upToDate : m.up.applied(steps.length)]
        : [steps.length === 0 ? m.down.nothing : m.down.reverted(steps.length)];
    return { json: { [key]: steps, ...(outcome.backup ? { backup: outcome.backup } : {}) }, text };
  }
  const { error } = result;
  const committed = DihyaError.is(error, 'STATE_WRITE_FAILED') ? error.details.committed : undefined;
  const done: DoneStep[] = committed
    ? committed.map((name) => outcome.done.find((d) => d.name === name) ?? { version: name.slice(0, 14), name })
    : outcome.done;
  // The error tells the final outcome (`restored` once the backup was put back); the event was sent before the restore.
  const finalOutcome = (error.details as { outcome?: ChangesOutcome }).outcome;
  const failed = outcome.failed && { name: outcome.failed.name, code: outcome.failed.code, outcome: finalOutcome ?? outcome.failed.outcome };
  const restored = outcome.restored ? { backup: outcome.restored.id, tables: outcome.restored.tables, identical: outcome.restored.identical } : null;
  const summary = m.run.failedSummary(
    direction,
    done.length,
    failed?.name ?? '',
    failed ? (m.run.outcomes[failed.outcome] ?? failed.outcome) : '',
    result.notRun.length,
    outcome.backup ?? '',
    restored?.backup ?? '',
  );
  return {
    json: { [key]: done, failed: failed ?? null, notRun: result.notRun, backup: outcome.backup ?? null, restored },
    text: [],
    failure: error,
    closing: [summary],
  };
}

/** The migrations the failed run did not get to, by name, in the order it would have run them. */
async function notRun(
  migrator: Migrator,
  direction: 'up' | 'down',
  outcome: RunOutcome,
  to: string | undefined,
  pendingBefore: StatusEntry[] | undefined,
  committed: string[],
): Promise<string[]> {
  const failed = outcome.failed?.version;
  if (direction === 'up') {
    const done = new Set([...outcome.done.map((d) => d.name), ...committed]);
    return (pendingBefore ?? [])
      .filter((e) => e.version !== failed && !done.has(e.name) && (to === undefined || e.version <= to.slice(0, 14)))
      .filter((e) => failed === undefined || e.version > failed)
      .map((e) => e.name);
  }
  let entries;
  try {
    entries = (await migrator.status()).entries;
  } catch {
    return [];
  }
  const left = Math.max(0, outcome.count - outcome.started);
  return entries
    .filter((e) => e.state === 'applied' && (failed === undefined || e.version < failed))
    .map((e) => e.name)
    .reverse()
    .slice(0, left);
}

/** The pending migrations, oldest first (none when the status cannot be read: the run then reports its own error). */
async function pendingNames(migrator: Migrator): Promise<StatusEntry[] | undefined> {
  try {
    return (await migrator.status()).entries.filter((e) => e.state === 'pending');
  } catch {
    return undefined;
  }
}
