import type { Kysely } from 'kysely';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { LockHandle, Target } from '../target/target.ts';
import { sleep } from '../util/sleep.ts';
import type { MigrationContext, MigrationDefinition } from './define-migration.ts';
import type { History, HistoryRow } from './history.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';
import type { RunEventListener } from './run-events.ts';
import type { MigrationValidation, ValidationReport } from '../validate/migration-validator.ts';
import { summarizeChanges } from '../target/schema-diff.ts';

export interface StepRun {
  target: Target;
  history: History;
  lock: LockHandle;
  migration: LoadedMigration;
  direction: 'up' | 'down';
  actor: string;
  postgres: { lockTimeoutMs: number; lockRetries: number };
  emit: RunEventListener;
  /** Data checks and schema diff around an `up` step (none for `down`). */
  validation?: MigrationValidation;
  /** Last writes of the step, in its transaction after the history row (the audit entry). */
  recordInTransaction?: (db: Kysely<any>, outcome: StepOutcome) => Promise<void>;
  /** Run inside this transaction (an atomic run of several migrations) instead of one of its own. */
  transaction?: Kysely<any>;
}

/** A step that ran: how long it took and, for a validated `up`, what the checks saw. */
export interface StepOutcome {
  durationMs: number;
  report?: ValidationReport;
}

/** Thrown inside the transaction when verify() rejects the result, so the transaction rolls back. */
class VerifyRejected extends Error {}
/** Thrown inside the transaction when a data check fails, so the transaction rolls back. */
class ValidationRejected extends Error {}
/** Thrown inside the transaction when another run applied the migration first. */
class AlreadyDone extends Error {}

/**
 * Runs one migration step (up or down) and records it in history, atomically where the
 * dialect allows:
 * - transactional (default): step + verify() + history change in one transaction; on Postgres,
 *   lock_timeout is set and a lock timeout is retried with growing waits;
 * - where DDL commits implicitly (MySQL) a `running` history row is written just before the
 *   first such statement, so a crash after it is detected by the next run;
 * - non-transactional: the `running` row is written first.
 * With a validation, statements that remove rows are watched and, after verify(), the schema diff
 * and data checks run in the same transaction; a failed check rolls it back.
 * On failure the history row ends as `failed` when part of the step may have been kept.
 * Returns undefined when another run had already done the step.
 */
export async function runStep(run: StepRun): Promise<StepOutcome | undefined> {
  const { target, history, migration, direction } = run;
  const definition = migration.definition;
  const transactional = definition.transactional !== false;
  const started = performance.now();
  const row = (status: HistoryRow['status']): HistoryRow => ({
    version: migration.version,
    name: migration.name,
    checksum: migration.checksum,
    kind: migration.kind,
    status,
    applied_at: new Date().toISOString(),
    duration_ms: Math.round(performance.now() - started),
    applied_by: run.actor,
  });
  let marked = false;
  const markRunning = async () => {
    if (marked) return;
    marked = true;
    await history.write(row('running'));
  };
  let report: ValidationReport | undefined;
  const watchMarker = !target.capabilities.transactionalDdl;
  const body = async (db: Kysely<any>) => {
    const ctx = createMigrationContext(target, db, migration);
    // Only the migration's own statements are watched (not the lock, history or check queries).
    target.observeStatements(async (sql, connection) => {
      if (watchMarker && transactional && target.commitsImplicitly(sql)) await markRunning();
      await run.validation?.observer(sql, connection);
    });
    await stepOf(definition, direction)(ctx);
    if (direction === 'up') await verify(definition, ctx);
    target.observeStatements(undefined);
    if (run.validation) {
      report = await run.validation.finish(db, definition.checks ?? {});
      if (report.problems.length > 0) throw new ValidationRejected(report.problems.join('; '));
    }
    const schemaChange = report && report.changes.length > 0 ? summarizeChanges(report.changes) : null;
    if (direction === 'up') await history.write({ ...row('applied'), schema_change: schemaChange }, db, { replace: marked });
    else await history.remove(migration.version, db);
    await run.recordInTransaction?.(db, { durationMs: Math.round(performance.now() - started), ...(report ? { report } : {}) });
  };
  run.emit({ type: 'migration-start', version: migration.version, name: migration.name, direction, transactional });
  try {
    if (!transactional) {
      await run.lock.assertHeld();
      await markRunning();
      await body(target.db);
    } else {
      const inTransaction = async (trx: Kysely<any>) => {
        await run.lock.assertHeld(trx);
        const done = await history.find(migration.version, trx);
        if (direction === 'up' ? done?.status === 'applied' : !done) throw new AlreadyDone();
        await body(trx);
      };
      if (run.transaction) await inTransaction(run.transaction);
      else await inTransactionWithRetry(run.target, run.postgres, migration.name, run.emit, migration.version, inTransaction);
    }
  } catch (error) {
    target.observeStatements(undefined);
    if (error instanceof AlreadyDone) return undefined;
    const rolledBack = transactional && !marked;
    if (marked) await history.write(row('failed')).catch(() => undefined);
    const failure = toFailure(error, migration.name, rolledBack);
    run.emit({ type: 'migration-failed', version: migration.version, name: migration.name, direction, code: failure.code, rolledBack });
    throw failure;
  }
  target.observeStatements(undefined);
  const durationMs = Math.round(performance.now() - started);
  const schemaChanges = report?.changes.map((c) => c.summary);
  run.emit({ type: 'migration-done', version: migration.version, name: migration.name, direction, durationMs, ...(schemaChanges ? { schemaChanges } : {}) });
  return { durationMs, ...(report ? { report } : {}) };
}

function stepOf(definition: MigrationDefinition, direction: 'up' | 'down') {
  const step = direction === 'up' ? definition.up : definition.down;
  if (!step) throw new Error('no down step');
  return step;
}

async function verify(definition: MigrationDefinition, ctx: MigrationContext): Promise<void> {
  if (!definition.verify) return;
  let result: boolean | void;
  try {
    result = await definition.verify(ctx);
  } catch (error) {
    throw new VerifyRejected(reasonOf(error));
  }
  if (result === false) throw new VerifyRejected('verify() returned false');
}

/**
 * Runs `work` in one transaction; on Postgres, lock_timeout is set inside it and a lock timeout is
 * retried with growing waits (the whole transaction again), up to `lockRetries` times.
 *
 * @example
 * await inTransactionWithRetry(target, { lockTimeoutMs: 5000, lockRetries: 5 }, 'the run', emit, '', (trx) => work(trx))
 */
export async function inTransactionWithRetry(
  target: Target,
  postgres: { lockTimeoutMs: number; lockRetries: number },
  name: string,
  emit: RunEventListener,
  version: string,
  work: (trx: Kysely<any>) => Promise<void>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await target.db.transaction().execute(async (trx) => {
        if (target.capabilities.lockTimeoutRetry) await target.setLockTimeout(trx, postgres.lockTimeoutMs);
        await work(trx);
      });
      return;
    } catch (error) {
      if (!target.isLockTimeout(error)) throw error;
      if (attempt > postgres.lockRetries) {
        throw new DihyaError('LOCK_TIMEOUT_EXHAUSTED', { name, attempts: attempt }, { cause: error });
      }
      const delayMs = Math.min(10_000, 250 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 250);
      emit({ type: 'migration-retry', version, name, attempt, delayMs, reason: reasonOf(error) });
      await sleep(delayMs);
    }
  }
}

function toFailure(error: unknown, name: string, rolledBack: boolean): DihyaError {
  const yesNo = rolledBack ? 'yes' : 'no';
  if (error instanceof VerifyRejected) return new DihyaError('VERIFY_FAILED', { name, reason: error.message, rolledBack: yesNo });
  if (error instanceof ValidationRejected) return new DihyaError('VALIDATION_FAILED', { name, reason: error.message, rolledBack: yesNo });
  if (error instanceof DihyaError) return error;
  return new DihyaError('MIGRATION_FAILED', { name, reason: reasonOf(error), rolledBack: yesNo }, { cause: error });
}
