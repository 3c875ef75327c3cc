import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { RunContext, StepContext } from './run-context.ts';
import type { StatementGuard } from './statement-guard.ts';
import { StepFailure } from './step-transaction.ts';

/**
 * The on-failure phase of a step: the staged audit entries are dropped; where the step changed
 * what cannot roll back (DDL on MariaDB, a `transactional: false` step) and `backup.autoRestore`
 * is `tables`, the tables it touched are restored from the backups taken just before (other
 * tables, and other sessions' writes there, stay; tables another session also wrote to are named);
 * `migration.failed` is audited; the `migration-failed` and `restored` events are sent; extensions'
 * `onFailure` run (isolated). Returns the error to throw.
 *
 * @example
 * try { await executeStep(step) } catch (error) { throw await failStep(step, error) }
 */
export async function failStep(step: StepContext, thrown: unknown): Promise<DihyaError> {
  const { run, migration, direction } = step;
  run.safety.audit.discardStaged();
  const failure = thrown instanceof StepFailure ? thrown : new StepFailure(asDihyaError(thrown, migration.name), 'partial');
  let { error, outcome } = failure;
  run.emitter.emit({ type: 'migration-failed', version: migration.version, name: migration.name, direction, code: error.code, outcome });
  if (outcome === 'partial' && failure.guard) {
    ({ error, outcome } = await restoreAfterFailure(step, failure.guard, error));
    if (outcome === 'restored') await failure.settleHistory();
  }
  await run.safety.audit
    .append('migration.failed', { version: migration.version, name: migration.name, direction, code: error.code, message: error.message, outcome })
    .catch((auditError: unknown) => run.log().error({ code: error.code, reason: reasonOf(auditError) }, 'could not audit a failed migration'));
  await reportExtensionFailures(run, await run.extensions.onFailure({ ...step, error, outcome }));
  return error;
}

/**
 * After a step failed having committed part of itself, puts the tables it touched back as the
 * step's backups recorded them and says what to report: `restored` (with the tables, and those
 * other sessions also wrote to), or `partial` when restores are off, nothing was backed up, or the
 * restore failed.
 */
async function restoreAfterFailure(step: StepContext, guard: StatementGuard, failure: DihyaError): Promise<{ error: DihyaError; outcome: ChangesOutcome }> {
  const { run } = step;
  const keptBackup = guard.backups.parts.at(-1)?.id ?? step.backup?.id;
  const partial = () => ({ error: withOutcome(failure, 'partial', keptBackup), outcome: 'partial' as const });
  if (run.config.backup.autoRestore === 'off' || !guard.backups.touchedIrreversibly) return partial();
  let restored;
  try {
    restored = await guard.backups.restore(guard.rowsAddedOrRemoved);
  } catch (error) {
    const id = keptBackup ?? 'none';
    await run.safety.audit.append('restore.automatic', { id, after: failure.code, identical: false, reason: reasonOf(error) }).catch(() => undefined);
    return { error: new DihyaError('RESTORE_FAILED', { id, reason: reasonOf(error) }, { cause: failure }), outcome: 'partial' };
  }
  const id = restored.backups.map((b) => b.id).join(', ') || '-';
  await run.safety.audit.append('restore.automatic', {
    id,
    after: failure.code,
    identical: restored.differences.length === 0,
    differences: restored.differences,
    tables: restored.tables,
    overwritten: restored.overwritten,
  });
  run.emitter.emit({ type: 'restored', id, identical: restored.differences.length === 0, tables: restored.tables });
  if (restored.differences.length > 0) {
    return {
      error: new DihyaError('RESTORE_FAILED', { id, reason: `the restored tables differ: ${restored.differences.join('; ')}` }, { cause: failure }),
      outcome: 'partial',
    };
  }
  for (const backup of restored.backups) await run.extensions.afterRestore({ run, backup, automatic: true });
  const details: Record<string, unknown> = { outcome: 'restored', backup: id, restoredTables: restored.tables.join(', ') };
  if (restored.overwritten.length > 0) details.overwritten = restored.overwritten.join(', ');
  return { error: withDetails(failure, details), outcome: 'restored' };
}

/** The same error with its outcome (and backup) replaced, for codes that carry one. */
function withOutcome(error: DihyaError, outcome: ChangesOutcome, backup: string | undefined): DihyaError {
  return withDetails(error, { outcome, ...(backup ? { backup } : {}) });
}

function withDetails(error: DihyaError, details: Record<string, unknown>): DihyaError {
  if (!('outcome' in error.details)) return error;
  return (error as DihyaError<'MIGRATION_FAILED'>).with(details);
}

function asDihyaError(error: unknown, name: string): DihyaError {
  if (error instanceof DihyaError) return error;
  return new DihyaError('MIGRATION_FAILED', { name, reason: reasonOf(error), outcome: 'partial' }, { cause: error });
}

/**
 * Records what extensions and event listeners failed at after-commit points: in the run log, as
 * `extension-failed` events, and in the audit (never throwing).
 */
export async function reportExtensionFailures(run: RunContext, failures: { extension: string; point: string; reason: string }[]): Promise<void> {
  const listenerFailures = run.emitter.takeFailures().map((f) => ({ extension: 'event listener', point: f.event, reason: f.reason }));
  for (const failure of [...failures, ...listenerFailures]) {
    run.log().warn(failure, 'extension failed');
    run.emitter.emit({ type: 'extension-failed', ...failure });
    await run.safety.audit.append('extension.failed', failure).catch(() => undefined);
  }
}
