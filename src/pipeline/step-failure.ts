import type { BackupManifest } from '../backup/backup-manifest.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { RunContext, StepContext } from './run-context.ts';
import { StepFailure } from './step-transaction.ts';

/**
 * The on-failure phase of a step: the staged audit entries are dropped; where the step may have
 * kept changes (DDL that could not roll back, or `transactional: false`) and a backup covers it,
 * the backup is restored and checked; `migration.failed` is audited; the `migration-failed` and
 * `restored` events are sent; extensions' `onFailure` run (isolated). Returns the error to throw.
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
  if (outcome === 'partial' && step.backup) {
    ({ error, outcome } = await restoreAfterFailure(run, step.backup, error));
    run.emitter.emit({ type: 'restored', id: step.backup.id, identical: outcome === 'restored' });
  }
  await run.safety.audit
    .append('migration.failed', { version: migration.version, name: migration.name, direction, code: error.code, message: error.message, outcome })
    .catch((auditError: unknown) => run.log().error({ code: error.code, reason: reasonOf(auditError) }, 'could not audit a failed migration'));
  await reportExtensionFailures(run, await run.extensions.onFailure({ ...step, error, outcome }));
  return error;
}

/**
 * After a migration failed half-way outside a transaction, puts the database back as the backup
 * recorded it, checks it is identical, and says what to report.
 */
async function restoreAfterFailure(run: RunContext, backup: BackupManifest, failure: DihyaError): Promise<{ error: DihyaError; outcome: ChangesOutcome }> {
  let differences: string[];
  try {
    ({ differences } = await run.safety.backups.restore(backup));
  } catch (error) {
    await run.safety.audit
      .append('restore.automatic', { id: backup.id, after: failure.code, identical: false, reason: reasonOf(error) })
      .catch(() => undefined);
    return { error: new DihyaError('RESTORE_FAILED', { id: backup.id, reason: reasonOf(error) }, { cause: failure }), outcome: 'partial' };
  }
  await run.safety.audit.append('restore.automatic', { id: backup.id, after: failure.code, identical: differences.length === 0, differences });
  if (differences.length > 0) {
    return {
      error: new DihyaError('RESTORE_FAILED', { id: backup.id, reason: `the restored database differs: ${differences.join('; ')}` }, { cause: failure }),
      outcome: 'partial',
    };
  }
  await run.extensions.afterRestore({ run, backup, automatic: true });
  return { error: withOutcome(failure, 'restored', backup.id), outcome: 'restored' };
}

/** The same error with its outcome (and backup) replaced, for codes that carry one. */
function withOutcome(error: DihyaError, outcome: ChangesOutcome, backup: string): DihyaError {
  if (!('outcome' in error.details)) return error;
  return (error as DihyaError<'MIGRATION_FAILED'>).with({ outcome, backup });
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
