import type { Kysely } from 'kysely';
import type { StagedEntry } from '../audit/audit-log.ts';
import { summarizeChanges } from '../database/schema-diff.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { MigrationContext, MigrationDefinition } from '../migrations/define-migration.ts';
import type { HistoryRow } from '../migrations/history.ts';
import { createMigrationContext } from '../migrations/migration-context.ts';
import type { MigrationValidation, ValidationReport } from '../validate/migration-validator.ts';
import type { StepContext } from './run-context.ts';
import { inTransactionWithRetry } from './transaction-retry.ts';

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
}

/** A failed step: the error to report, and what happened to its changes so far (before any restore). */
export class StepFailure extends Error {
  readonly error: DihyaError;
  readonly outcome: ChangesOutcome;
  constructor(error: DihyaError, outcome: ChangesOutcome) {
    super(error.message);
    this.error = error;
    this.outcome = outcome;
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
 * Where DDL commits implicitly (MariaDB) a `running` history row is written just before the
 * first such statement; outside a transaction (`transactional: false`) it is written first. So a
 * crash after it is detected by the next run. On failure the row ends as `failed` when part of
 * the step may have been kept, and a StepFailure says whether anything was kept.
 * Returns undefined when another run had already done the step.
 *
 * @example
 * const result = await executeStep(step, { validation })
 * if (result) run.safety.audit.confirm(result.staged)
 */
export async function executeStep(step: StepContext, execution: StepExecution = {}): Promise<StepResult | undefined> {
  const { run, migration, direction } = step;
  const { target, history } = run;
  const definition = migration.definition;
  const transactional = definition.transactional !== false;
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
  });
  let marked = false;
  const markRunning = async () => {
    if (marked) return;
    marked = true;
    await history.write(row('running'));
  };
  let result: StepResult | undefined;
  const watchMarker = !target.capabilities.transactionalDdl;

  const body = async (db: Kysely<any>) => {
    const ctx = createMigrationContext(target, db, migration);
    // Only the migration's own statements are watched (not the lock, history or check queries).
    target.observeStatements(async (sql, connection) => {
      if (watchMarker && transactional && target.commitsImplicitly(sql)) await markRunning();
      await execution.validation?.observer(sql, connection);
    });
    await stepOf(definition, direction)(ctx);
    if (direction === 'up') await verify(definition, ctx);
    target.observeStatements(undefined);
    let report: ValidationReport | undefined;
    if (execution.validation) {
      report = await execution.validation.finish(db, definition.checks ?? {});
      if (report.problems.length > 0) throw new ValidationRejected(report.problems.join('; '));
    }
    await run.extensions.inTransaction(step, { db, transactional, report });
    const schemaChange = report && report.changes.length > 0 ? summarizeChanges(report.changes) : null;
    if (direction === 'up') await history.write({ ...row('applied'), schema_change: schemaChange }, db, { replace: marked });
    else await history.remove(migration.version, db);
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
      db,
    );
    result = { durationMs, ...(report ? { report } : {}), staged };
  };

  run.emitter.emit({
    type: 'migration-start',
    version: migration.version,
    name: migration.name,
    direction,
    transactional,
    index: step.index,
    count: step.count,
  });
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
      if (execution.transaction) await inTransaction(execution.transaction);
      else {
        await inTransactionWithRetry(
          { target, ...run.config.postgres, name: migration.name, version: migration.version, onRetry: run.emitter.emit },
          inTransaction,
        );
      }
    }
  } catch (error) {
    target.observeStatements(undefined);
    if (error instanceof AlreadyDone) return undefined;
    run.safety.audit.discardStaged();
    const outcome: ChangesOutcome = transactional && !marked ? 'rolled-back' : 'partial';
    if (marked) await history.write(row('failed')).catch(() => undefined);
    throw new StepFailure(toStepError(error, migration.name, outcome), outcome);
  }
  target.observeStatements(undefined);
  return result;
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
 * The error a failed step reports, carrying what happened to its changes. Errors of the step's
 * own making become MIGRATION_FAILED / VERIFY_FAILED / VALIDATION_FAILED; an extension that
 * vetoed keeps its EXTENSION_FAILED, with the outcome added; the run's own errors (a lost lock,
 * exhausted lock retries) are kept as they are.
 */
export function toStepError(error: unknown, name: string, outcome: ChangesOutcome): DihyaError {
  if (error instanceof VerifyRejected) return new DihyaError('VERIFY_FAILED', { name, reason: error.message, outcome });
  if (error instanceof ValidationRejected) return new DihyaError('VALIDATION_FAILED', { name, reason: error.message, outcome });
  if (DihyaError.is(error, 'EXTENSION_FAILED')) return error.with({ name, outcome });
  if (error instanceof DihyaError) return error;
  return new DihyaError('MIGRATION_FAILED', { name, reason: reasonOf(error), outcome }, { cause: error });
}
