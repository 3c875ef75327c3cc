import { sql, type Kysely } from 'kysely';
import type { StagedEntry } from '../audit/audit-log.ts';
import { summarizeChanges } from '../database/schema-diff.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { MigrationContext, MigrationDefinition } from '../migrations/define-migration.ts';
import type { HistoryRow } from '../migrations/history.ts';
import { createMigrationContext } from '../migrations/migration-context.ts';
import type { MigrationValidation, ValidationReport } from '../validate/migration-validator.ts';
import { guardProcessExit, MigrationCalledExit } from './process-exit-guard.ts';
import type { StepContext } from './run-context.ts';
import { StatementGuard, TransactionControlRefused } from './statement-guard.ts';
import type { StatementConnection } from '../database/target.ts';
import { stepDeadline, withDeadline, DeadlineReached } from './step-deadline.ts';
import { inTransactionWithRetry } from './transaction-retry.ts';
import { outcomeOf, settled, type Settled } from '../util/settled.ts';
import { backfillHasProgress, isBackfillStep, openBackfillSession, runningProgress } from './backfill-step.ts';
import type { BackfillSession } from '../backfill/backfill-session.ts';
import type { BackfillResult } from '../backfill/run-backfill.ts';
import { canonicalTableName } from '../sql/sql-names.ts';

/** How to run one step: with validation (for `up`), and inside a given transaction (atomic runs). */
export interface StepExecution {
  /** Data checks and schema diff around an `up` step (none for `down`). */
  validation?: MigrationValidation;
  /** Run inside this transaction (an atomic run of several migrations) instead of one of its own. */
  transaction?: Kysely<any>;
}

/** A step that ran: how long it took, what validation saw, and its staged audit entry (to confirm after the commit). */
export interface StepResult {
  durationMs: number;
  report?: ValidationReport;
  staged: StagedEntry;
  /** The step's backfills, when it ran any. */
  backfills?: BackfillResult[];
}

/** A failed step: the error to report, what happened to its changes so far (before any restore), and what can restore them. */
export class StepFailure extends Error {
  readonly error: DihyaError;
  readonly outcome: ChangesOutcome;
  readonly guard: StatementGuard | undefined;
  /** Puts the step's history row back as before it, once a restore undid the step. */
  readonly settleHistory: () => Promise<void>;
  constructor(error: DihyaError, outcome: ChangesOutcome, guard?: StatementGuard, settleHistory: () => Promise<void> = async () => undefined) {
    super(error.message);
    this.error = error;
    this.outcome = outcome;
    this.guard = guard;
    this.settleHistory = settleHistory;
  }
}

/** Thrown inside the transaction when verify() rejects the result, so the transaction rolls back. */
class VerifyRejected extends Error {}
/** Thrown inside the transaction when a data check fails, so the transaction rolls back. */
class ValidationRejected extends Error {}
/** Thrown inside the transaction when another run applied the migration first. */
class AlreadyDone extends Error {}

/**
 * The in-transaction phase of one step, in this order:
 * lock check → already-applied check → up (or down) → verify() → validation → extensions'
 * `inTransaction` (sector checks, hooks.afterMigrate) → history row → staged audit entry.
 * The commit follows when this returns (the step's own transaction, with PostgreSQL lock_timeout
 * retries, or the atomic run's).
 *
 * Every statement of the migration passes the StatementGuard: transaction control is refused,
 * and before anything that cannot roll back (DDL on MariaDB, writes of a `transactional: false`
 * step) the tables it touches are backed up and a `running` history row is written, so a crash
 * after it is detected. The step has a deadline (its `timeoutMs`, `timeouts.migrationMs`, and what
 * is left of `timeouts.runMs`): past it, its server sessions are ended and it fails with
 * MIGRATION_TIMEOUT. A migration that calls `process.exit()` fails instead of ending the process.
 * On failure the history row ends as `failed` when part of the step may have been kept, and a
 * StepFailure says whether anything was kept. Returns undefined when another run had already done
 * the step.
 *
 * @example
 * const result = await executeStep(step, { validation })
 * if (result) run.safety.audit.confirm(result.staged)
 */
export async function executeStep(step: StepContext, execution: StepExecution = {}): Promise<StepResult | undefined> {
  const { run, migration, direction } = step;
  const { target, history } = run;
  const definition = migration.definition;
  // A SQL file's down section may have its own mode (`-- migrate:down transaction:false`).
  // A backfill commits batch by batch, each with its checkpoint: never inside one step transaction.
  const backfill = isBackfillStep(step);
  const transactional = !backfill && (direction === 'down' ? (definition.downTransactional ?? definition.transactional) : definition.transactional) !== false;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const row = (status: HistoryRow['status']): HistoryRow => ({
    version: migration.version,
    name: migration.name,
    checksum: migration.checksum,
    kind: migration.kind,
    status,
    applied_at: new Date().toISOString(),
    duration_ms: elapsed(),
    applied_by: run.config.actor ?? 'unknown',
    ...(progress !== undefined && status === 'running' ? { progress } : {}),
  });
  // For `down`, the row to put back if the step is undone by a restore.
  const rowBefore = direction === 'down' ? await history.find(migration.version) : undefined;
  // A backfill's `running` row carries its progress from the start, so a crash at any moment leaves a backfill to resume.
  const previousRow = backfill ? (rowBefore ?? (await history.find(migration.version))) : undefined;
  const progress = backfill ? runningProgress(previousRow, direction) : undefined;
  let marked = false;
  // `connection`: the transaction's own, just before a statement that commits it implicitly (MariaDB DDL), so the row commits with it.
  const markRunning = async (connection?: StatementConnection) => {
    if (marked) return;
    marked = true;
    if (connection) await history.writeOn(connection, row('running'));
    else await history.write(row('running'));
  };
  // Where statements may not roll back, the guard needs the schema before the step (ON DELETE CASCADE keys); `up` has it already.
  const mayCommit = !transactional || !target.capabilities.transactionalDdl;
  const schemaBefore = execution.validation?.schemaBefore ?? (mayCommit ? await target.snapshotSchema(undefined, run.tables.all) : undefined);
  const guard = new StatementGuard(step, {
    transactional,
    markRunning,
    ...(execution.validation ? { validation: execution.validation } : {}),
    ...(schemaBefore ? { schemaBefore } : {}),
    ...(rowBefore ? { rowBefore: { ...rowBefore } } : {}),
  });
  let result: StepResult | undefined;
  let session: BackfillSession | undefined;
  const overlapLockCheck = target.capabilities.transactionalDdl && target.capabilities.lockOnOwnSession === true;
  // The lock check still in flight while the step runs (see inTransaction below).
  let lockChecked: Promise<Settled<void>> | undefined;

  const body = async (db: Kysely<any>) => {
    session = backfill ? openBackfillSession(step, guard, previousRow) : undefined;
    const ctx = { ...createMigrationContext(target, db, migration), ...(session ? { backfill: session.backfill } : {}) };
    // Only the migration's own statements are watched (not the lock, history or check queries).
    target.observeStatements(guard);
    await guardProcessExit(async () => {
      await stepOf(definition, direction)(ctx);
      if (direction === 'up') await verify(definition, ctx);
    });
    target.observeStatements(undefined);
    // The lock check sent alongside the step (see inTransaction), before any check, hook or history row.
    if (lockChecked) await outcomeOf(lockChecked);
    // SET ROLE, search_path, USE…: the runner's own statements below, and the next migration, run in the session as it was.
    await guard.restoreSession(connectionOf(db));
    // Rows a backfill changed count as the step's (checks.rowsChanged, rehearsal reports), though its batches bypass the guard.
    for (const done of session?.results ?? []) {
      const table = canonicalTableName(done.table, target.dialect);
      guard.rowsChanged.set(table, (guard.rowsChanged.get(table) ?? 0) + done.rowsDone);
    }
    await guard.backups.flushAudit();
    let report: ValidationReport | undefined;
    if (execution.validation) {
      report = { ...(await execution.validation.finish(db, definition.checks ?? {})), rowsChanged: Object.fromEntries(guard.rowsChanged) };
      if (report.problems.length > 0) throw new ValidationRejected(report.problems.join('; '));
    }
    await run.extensions.inTransaction(step, { db, transactional, report });
    const schemaChange = report && report.changes.length > 0 ? summarizeChanges(report.changes) : null;
    // The history row and the audit entry go to the server with the transaction's next statement:
    // its COMMIT, or in an atomic run the next step's already-applied check (one round trip where
    // the dialect batches statements); a failure of either fails that statement, and the
    // transaction rolls back. After an implicit commit (MariaDB DDL) the session autocommits: both
    // get a transaction of the runner's own, so they commit together (in one round trip on
    // MariaDB's bookkeeping connection).
    const held = true;
    const record = async (trx: Kysely<any>) => {
      if (direction === 'up')
        await history.write({ ...row('applied'), schema_change: schemaChange }, trx, { replace: marked || migration.repeatable === true, held });
      else await history.remove(migration.version, trx, held);
      const durationMs = elapsed();
      const staged = await run.safety.audit.stage(
        direction === 'up' ? 'migration.applied' : 'migration.reverted',
        {
          version: migration.version,
          name: migration.name,
          checksum: migration.checksum,
          durationMs,
          ...(definition.sector ? { sector: definition.sector } : {}),
          ...(report ? { schemaChanges: report.changes.map((c) => c.summary) } : {}),
        },
        trx,
        { held },
      );
      return { durationMs, staged };
    };
    const { durationMs, staged } = guard.transactionEnded ? await target.ownTransaction(record) : await record(db);
    result = { durationMs, ...(report ? { report } : {}), staged, ...(session && session.results.length > 0 ? { backfills: [...session.results] } : {}) };
  };

  const deadline = stepDeadline(run, definition);
  run.emitter.emit({
    type: 'migration-start',
    version: migration.version,
    name: migration.name,
    direction,
    transactional,
    index: step.index,
    count: step.count,
  });
  // On failure the session is put back before the rollback, on the step's connection (MariaDB keeps SET and USE across one).
  const bodyOrRestore = async (db: Kysely<any>) => {
    try {
      await body(db);
    } catch (error) {
      target.observeStatements(undefined);
      // PostgreSQL refuses it in an aborted transaction, whose rollback undoes the settings anyway
      await guard.restoreSession(connectionOf(db)).catch(() => undefined);
      throw error;
    }
  };
  try {
    await withDeadline(deadline, run.target, async () => {
      if (!transactional) {
        await run.lock.assertHeld();
        await markRunning();
        // One connection for the whole step, so its session state holds for its statements and is put back there (a backfill's batches use the pool).
        if (backfill) await bodyOrRestore(target.db);
        else await target.onOneConnection(bodyOrRestore);
      } else {
        const inTransaction = async (trx: Kysely<any>) => {
          // Both reads at once: on PostgreSQL and MariaDB the lock is checked on its own session, so this costs one round trip.
          const lockCheck = settled(run.lock.assertHeld(trx));
          const found = settled(history.find(migration.version, trx));
          // Where nothing of the step can commit before its COMMIT (transactional DDL) and the lock
          // has its own session, the step does not wait for the lock check: it is awaited before
          // the step's checks and history row, so a lost lock still rolls the whole step back.
          lockChecked = overlapLockCheck ? lockCheck : undefined;
          if (!overlapLockCheck) await outcomeOf(lockCheck);
          const done = await outcomeOf(found);
          const upDone = done?.status === 'applied' && (!migration.repeatable || done.checksum === migration.checksum);
          if (direction === 'up' ? upDone : !done) throw new AlreadyDone();
          await bodyOrRestore(trx);
        };
        if (execution.transaction) await inTransaction(execution.transaction);
        else {
          // each attempt stages its own audit entry: one rolled back by a lock timeout (its COMMIT too) leaves none
          const position = run.safety.audit.stagedPosition();
          await inTransactionWithRetry(
            { target, ...run.config.postgres, name: migration.name, version: migration.version, onRetry: run.emitter.emit },
            (trx) => {
              run.safety.audit.rewindStaged(position);
              return inTransaction(trx);
            },
          );
        }
      }
    });
  } catch (error) {
    target.observeStatements(undefined);
    if (error instanceof AlreadyDone) return undefined;
    run.safety.audit.discardStaged();
    await guard.backups.flushAudit().catch(() => undefined);
    if (session && marked && (await backfillHasProgress(step).catch(() => true))) {
      // Its batches are committed with their checkpoints: the `running` row stays, and the next run goes on from there (nothing to restore).
      throw new StepFailure(toStepError(error, migration.name, 'partial'), 'partial');
    }
    const outcome: ChangesOutcome = guard.committed ? 'partial' : 'rolled-back';
    if (marked) {
      // A step that committed nothing leaves no trace; one that did is marked failed (INTERRUPTED until settled).
      if (guard.committed) await history.write(row('failed')).catch(() => undefined);
      else await history.remove(migration.version).catch(() => undefined);
    }
    const settleHistory = async () => {
      // The restore undid the step: its history is as before it.
      if (rowBefore) await history.write(rowBefore);
      else await history.remove(migration.version);
    };
    throw new StepFailure(toStepError(error, migration.name, outcome), outcome, guard, settleHistory);
  }
  target.observeStatements(undefined);
  guard.backups.forget();
  return result;
}

/** Raw SQL on the connection (and transaction) `db` is bound to. */
function connectionOf(db: Kysely<any>): StatementConnection {
  return { query: async <R>(text: string) => (await sql.raw<R>(text).execute(db)).rows };
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
    if (error instanceof MigrationCalledExit) throw error;
    throw new VerifyRejected(reasonOf(error));
  }
  if (result === false) throw new VerifyRejected('verify() returned false');
}

/**
 * The error a failed step reports, carrying what happened to its changes. Errors of the step's
 * own making become MIGRATION_FAILED / VERIFY_FAILED / VALIDATION_FAILED / MIGRATION_TIMEOUT /
 * TRANSACTION_CONTROL_REFUSED; an extension that vetoed keeps its EXTENSION_FAILED, with the
 * outcome added; the run's own errors (a lost lock, exhausted lock retries) are kept as they are.
 */
export function toStepError(error: unknown, name: string, outcome: ChangesOutcome): DihyaError {
  if (error instanceof VerifyRejected) return new DihyaError('VERIFY_FAILED', { name, reason: error.message, outcome });
  if (error instanceof ValidationRejected) return new DihyaError('VALIDATION_FAILED', { name, reason: error.message, outcome });
  if (error instanceof DeadlineReached)
    return new DihyaError('MIGRATION_TIMEOUT', { name, reason: error.message, outcome, limitMs: error.limitMs, scope: error.scope });
  const refused = findCause(error, TransactionControlRefused);
  if (refused) return new DihyaError('TRANSACTION_CONTROL_REFUSED', { name, reason: refused.message, outcome, statement: refused.statement });
  if (DihyaError.is(error, 'EXTENSION_FAILED')) return error.with({ name, outcome });
  if (error instanceof DihyaError) return error;
  return new DihyaError('MIGRATION_FAILED', { name, reason: reasonOf(error), outcome }, { cause: error });
}

/** The error itself or one of its causes, when of class `type` (the driver may wrap what the observer threw). */
function findCause<T extends Error>(error: unknown, type: new (...args: never[]) => T): T | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof type) return current;
  }
  return undefined;
}
