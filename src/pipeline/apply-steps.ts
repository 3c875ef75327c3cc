import { stateWriteError } from '../errors/state-write.ts';
import type { BackupKind, BackupManifest } from '../backup/backup-manifest.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { RunContext, StepContext } from './run-context.ts';
import { failStep, reportExtensionFailures } from './step-failure.ts';
import { executeStep, StepFailure, toStepError, type StepResult } from './step-transaction.ts';
import { inTransactionWithRetry } from './transaction-retry.ts';

/** A migration that a run applied or reverted. */
export interface StepReport {
  version: string;
  name: string;
  durationMs: number;
  /** Schema changes it made, one line each (`+table orders`), for `up` with validation. */
  schemaChanges?: string[];
}

/** The steps of a run: which migrations, which way, and what covers them. */
export interface StepsPlan {
  migrations: LoadedMigration[];
  direction: 'up' | 'down';
  /** The backup taken at the start of the run (covers the first step). */
  runBackup: BackupManifest | undefined;
  /** The schema before the first step, as validation sees it (for `up`). */
  schemaBefore?: SchemaSnapshot;
  /** Last applied version before the run (named by the backups taken before later steps). */
  lastApplied: string | null;
}

/**
 * The steps phase, one transaction per migration: for each step, extensions' `beforeStep` → the
 * step in its transaction (see executeStep: what cannot roll back is backed up table by table just
 * before it runs) → commit → the after-commit phase. A failure stops the run after the on-failure
 * phase (see failStep); the steps before it stay committed.
 *
 * @example
 * const applied = await applyEachInItsTransaction(run, { migrations, direction: 'up', runBackup, schemaBefore, lastApplied })
 */
export async function applyEachInItsTransaction(run: RunContext, plan: StepsPlan): Promise<StepReport[]> {
  let before = plan.schemaBefore;
  const reports: StepReport[] = [];
  for (const [position, migration] of plan.migrations.entries()) {
    // What cannot roll back is backed up lazily, table by table, just before it runs (see StatementGuard).
    const step: StepContext = { run, migration, direction: plan.direction, index: position + 1, count: plan.migrations.length, backup: plan.runBackup };
    let result: StepResult | undefined;
    try {
      await beforeStep(step);
      result = await executeStep(step, before ? { validation: run.safety.validation(before) } : {});
    } catch (error) {
      throw await failStep(step, error);
    }
    if (!result) continue;
    if (result.report) before = result.report.after;
    reports.push(await afterCommit(step, result));
  }
  return reports;
}

/**
 * The steps phase of an atomic run: every step in one transaction (each still with its checks,
 * history row and audit entry), one commit, then the after-commit phase of each step. A failure
 * anywhere rolls the whole run back. Needs transactional DDL.
 *
 * @example
 * const applied = await applyAllInOneTransaction(run, { migrations, direction: 'up', runBackup, schemaBefore, lastApplied })
 */
export async function applyAllInOneTransaction(run: RunContext, plan: StepsPlan): Promise<StepReport[]> {
  assertAtomicPossible(run, plan.migrations);
  let done: { step: StepContext; result: StepResult }[] = [];
  let current: StepContext | undefined;
  const stepOf = (migration: LoadedMigration, position: number): StepContext => ({
    run,
    migration,
    direction: plan.direction,
    index: position + 1,
    count: plan.migrations.length,
    backup: plan.runBackup,
  });
  try {
    await inTransactionWithRetry({ target: run.target, ...run.config.postgres, name: 'the run', version: '', onRetry: run.emitter.emit }, async (trx) => {
      done = [];
      run.safety.audit.discardStaged();
      let before = plan.direction === 'up' ? await run.target.snapshotSchema(trx, run.tables.all) : undefined;
      for (const [position, migration] of plan.migrations.entries()) {
        current = stepOf(migration, position);
        await beforeStep(current);
        const result = await executeStep(current, { transaction: trx, ...(before ? { validation: run.safety.validation(before) } : {}) });
        if (!result) continue;
        if (result.report) before = result.report.after;
        done.push({ step: current, result });
      }
    });
  } catch (error) {
    const step = current ?? stepOf(plan.migrations[0]!, 0);
    const failure = error instanceof StepFailure ? error : new StepFailure(toStepError(error, step.migration.name, 'rolled-back'), 'rolled-back');
    throw await failStep(step, failure);
  }
  // One commit for every step: their audit entries go to the file together, before any after-commit work.
  try {
    run.safety.audit.confirmStaged();
  } catch (error) {
    throw (
      stateWriteError(
        error,
        [...run.committed, ...done.map((d) => d.step.migration)].map((m) => m.name),
        run.config.cwd,
      ) ?? error
    );
  }
  const reports: StepReport[] = [];
  for (const { step, result } of done) reports.push(await afterCommit(step, result));
  return reports;
}

/** Throws ATOMIC_UNSUPPORTED unless every migration can share one transaction here. */
export function assertAtomicPossible(run: Pick<RunContext, 'target'>, migrations: LoadedMigration[]): void {
  if (!run.target.capabilities.transactionalDdl) throw new DihyaError('ATOMIC_UNSUPPORTED', { reason: `${run.target.dialect} commits DDL implicitly` });
  const outside = migrations.find((m) => m.definition.transactional === false);
  if (outside) throw new DihyaError('ATOMIC_UNSUPPORTED', { reason: `${outside.name} must run outside a transaction` });
  const backfill = migrations.find((m) => m.definition.backfill === true);
  if (backfill) throw new DihyaError('ATOMIC_UNSUPPORTED', { reason: `${backfill.name} is a backfill (it commits batch by batch)` });
}

/** Extensions' `beforeStep`; a failure fails the step before anything of it ran. */
async function beforeStep(step: StepContext): Promise<void> {
  try {
    await step.run.extensions.beforeStep(step);
  } catch (error) {
    throw new StepFailure(toStepError(error, step.migration.name, 'rolled-back'), 'rolled-back');
  }
}

/**
 * The after-commit phase: the staged audit entry is written to the file first (its mirror row
 * committed with the step), then the step is reported (`migration-done`) and extensions'
 * `afterCommit` run. Nothing here can fail or undo the committed step: failures of listeners and
 * extensions are reported and audited.
 */
async function afterCommit(step: StepContext, result: StepResult): Promise<StepReport> {
  const { run, migration, direction } = step;
  run.committed.push({ version: migration.version, name: migration.name, direction, durationMs: result.durationMs });
  run.safety.audit.confirm(result.staged);
  // Entries held back in the step's transaction (hook notes on MariaDB) are written now that it committed.
  await run.safety.audit
    .appendDeferred()
    .catch((error: unknown) => run.log().error({ reason: reasonOf(error) }, 'could not audit the notes of a committed step'));
  const schemaChanges = result.report?.changes.map((c) => c.summary);
  run.emitter.emit({
    type: 'migration-done',
    version: migration.version,
    name: migration.name,
    direction,
    durationMs: result.durationMs,
    ...(schemaChanges ? { schemaChanges } : {}),
  });
  await reportExtensionFailures(
    run,
    await run.extensions.afterCommit({
      ...step,
      durationMs: result.durationMs,
      report: result.report,
      ...(result.backfills ? { backfills: result.backfills } : {}),
    }),
  );
  return { version: migration.version, name: migration.name, durationMs: result.durationMs, ...(schemaChanges ? { schemaChanges } : {}) };
}

/** Takes a backup (see SafetyNet.backup) and sends `backup-created`. */
export async function takeBackup(
  run: RunContext,
  reason: string,
  lastApplied: string | null,
  options: { force?: boolean; schema?: SchemaSnapshot; kind?: BackupKind } = {},
): Promise<BackupManifest | undefined> {
  const manifest = await run.safety.backup(reason, lastApplied, { kind: 'run', run: run.runId, ...options });
  if (manifest) {
    run.emitter.emit({ type: 'backup-created', id: manifest.id, method: manifest.method, durationMs: manifest.durationMs, reason, bytes: manifest.totalSize });
  }
  return manifest;
}
