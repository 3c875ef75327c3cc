import type { Kysely } from 'kysely';
import path from 'node:path';
import { CheckpointStore } from '../backfill/backfill-checkpoints.ts';
import { BackfillSession } from '../backfill/backfill-session.ts';
import { backfillProgressOf, type HistoryRow } from '../migrations/history.ts';
import type { StepContext } from './run-context.ts';
import type { StatementGuard } from './statement-guard.ts';
import { inTransactionWithRetry } from './transaction-retry.ts';

/** True when the step is a backfill (a TypeScript migration declared `backfill: true`): it runs outside one transaction, batch by batch. */
export function isBackfillStep(step: Pick<StepContext, 'migration'>): boolean {
  return step.migration.definition.backfill === true;
}

/**
 * The pause file of backfills: while it exists, every backfill of this project waits between
 * batches (`touch .dihya/backfill.pause`, then remove it).
 *
 * @example
 * backfillPauseFile('/srv/app/.dihya') // '/srv/app/.dihya/backfill.pause'
 */
export function backfillPauseFile(stateDir: string): string {
  return path.join(stateDir, 'backfill.pause');
}

/**
 * The history row a backfill step writes before its first batch: `running`, with the progress
 * it resumes from (or none yet), so a crash at any moment leaves a row the plan reads as a
 * backfill to go on with, never as an interruption to settle by hand.
 *
 * @example
 * runningProgress(previousRow, 'up') // '{"direction":"up","done":1200,"total":5000}'
 */
export function runningProgress(previous: HistoryRow | undefined, direction: 'up' | 'down'): string {
  const before = previous?.status === 'running' && previous ? backfillProgressOf(previous) : undefined;
  return JSON.stringify(before?.direction === direction ? before : { direction, done: 0, total: 0 });
}

/**
 * The backfills of one step, bound to its run: batch transactions with PostgreSQL lock_timeout
 * retries (the lock is checked between batches, at most every second, and each batch's
 * checkpoint write is conditional, so a run that lost the lock cannot commit one), outside the statement guard (a batch commits with its
 * checkpoint, so nothing needs a table backup), audit entries and progress events.
 *
 * @example
 * const session = openBackfillSession(step, guard, previousRow)
 */
export function openBackfillSession(step: StepContext, guard: StatementGuard, previous: HistoryRow | undefined): BackfillSession {
  const { run, migration, direction } = step;
  const before = previous?.status === 'running' ? backfillProgressOf(previous) : undefined;
  return new BackfillSession({
    target: run.target,
    historyTable: run.tables.history,
    checkpointsTable: run.tables.backfills,
    version: migration.version,
    name: migration.name,
    direction,
    resuming: before?.direction === direction,
    pauseFile: backfillPauseFile(run.config.stateDir),
    inBatchTransaction: (work, start) =>
      inTransactionWithRetry(
        {
          target: run.target,
          ...run.config.postgres,
          name: migration.name,
          version: migration.version,
          onRetry: run.emitter.emit,
          ...(start ? { start: (trx: Kysely<any>) => start(trx, run.config.postgres.lockTimeoutMs) } : {}),
        },
        work,
      ),
    async unguarded(work) {
      run.target.observeStatements(undefined);
      try {
        return await work();
      } finally {
        run.target.observeStatements(guard);
      }
    },
    audit: async (event, details) => {
      await run.safety.audit.append(event, details);
    },
    progress: (p) =>
      run.emitter.emit({
        type: 'progress',
        task: `backfill ${p.label}`,
        phase: p.phase,
        done: p.done,
        total: p.total,
        unit: 'rows',
        ...(p.rowsPerSecond !== undefined ? { perSecond: p.rowsPerSecond } : {}),
        ...(p.etaSeconds !== undefined ? { etaSeconds: p.etaSeconds } : {}),
      }),
    checkStillOurs: () => run.lock.assertHeld(),
  });
}

/** True when the step's backfills have committed batches (checkpoints are recorded): a failure then keeps them, to resume. */
export async function backfillHasProgress(step: StepContext): Promise<boolean> {
  const { run, migration, direction } = step;
  const checkpoints = await new CheckpointStore(run.tables.backfills).list(run.target.db, migration.version);
  return checkpoints.some((c) => c.direction === direction && (c.batches > 0 || c.passes > 1));
}
