import { input, runtime } from '../error-text.ts';
import { outcomeHint, type StepFailureDetails } from '../step-failure-details.ts';

/** What a file-system error code means, for STATE_WRITE_FAILED. */
const WRITE_FAILURE_TEXT: Record<string, string> = {
  ENOSPC: 'no space left on the device (ENOSPC)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EROFS: 'the file system is read-only (EROFS)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
};

/** Errors of a run: the lock, a failing step and what happened to its changes. */
export const runErrors = {
  INTERRUPTED: runtime<{ name: string; version: string; status: string; backup?: string; undo?: 'yes' }>(
    (d) => `Migration ${d.name} was interrupted in an earlier run after it changed what cannot roll back (${d.status})`,
    (d) =>
      (d.undo
        ? `Undo it from the backups taken just before its changes (only the tables it touched): \`dihya-migrate resolve ${d.version} --undo\`. Or check`
        : 'It may be half-done. Check') +
      ` the database and mark the outcome with \`dihya-migrate resolve ${d.version} --applied\` or \`--rolled-back\`` +
      (d.backup
        ? `, or put back the whole database as before the run: \`dihya-migrate backup restore ${d.backup} --yes\` (anything written since is lost).`
        : '.'),
  ),
  LOCK_HELD: runtime<{ holder: string; waitedMs: number }>(
    (d) => `Another run holds the migration lock (${d.holder}); waited ${d.waitedMs} ms`,
    () => 'Wait for the other run to finish, or raise --lock-timeout. A crashed run releases the lock by itself.',
  ),
  LOCK_LOST: runtime<{ holder: string; cause: 'lease' | 'session' }>(
    (d) => `The migration lock was ${d.cause === 'lease' ? 'taken over' : 'lost'} by ${d.holder} during this run`,
    (d) =>
      d.cause === 'lease'
        ? 'This run stopped before applying anything more. Raise `lock.leaseMs` if migrations run for long.'
        : 'This run stopped before applying anything more. The server ended the lock session (a restart, idle_session_timeout, a network cut or an administrator): check the server, then run again.',
  ),
  LOCK_TIMEOUT_EXHAUSTED: runtime<{ name: string; attempts: number }>(
    (d) => `Migration ${d.name} could not get its table locks after ${d.attempts} attempts`,
    () => 'Another session keeps a conflicting lock; find it in pg_stat_activity, or raise postgres.lockRetries.',
  ),
  MIGRATION_FAILED: runtime<StepFailureDetails>(
    (d) => `Migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration and run again.'),
  ),
  VERIFY_FAILED: runtime<StepFailureDetails>(
    (d) => `Verification of migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration or its verify() and run again.'),
  ),
  VALIDATION_FAILED: runtime<StepFailureDetails>(
    (d) => `Data check after migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration, or declare the intended change in its `checks` (allowRowLoss, rowCounts, notNull).'),
  ),
  INTERNAL_SCHEMA_TOO_NEW: runtime<{ found: number; known: number }>(
    (d) => `dihya-migrate's own tables are at version ${d.found}, newer than this release knows (${d.known})`,
    () => 'A newer dihya-migrate upgraded this database; use that release (or newer) here too.',
  ),
  STATE_WRITE_FAILED: runtime<{ file: string; code: string; committed?: string[] }>(
    (d) =>
      `Could not write ${d.file}: ${WRITE_FAILURE_TEXT[d.code] ?? d.code}` +
      (!Array.isArray(d.committed)
        ? ''
        : d.committed.length === 0
          ? '; no migration of this run had committed'
          : `; committed in this run before it stopped: ${d.committed.join(', ')}`),
    (d) =>
      (d.code === 'ENOSPC' || d.code === 'EDQUOT'
        ? 'Free some disk space where the state dir is (backups take the most: `dihya-migrate backup prune`), then run again.'
        : 'Make the state dir writable for this user, or point `stateDir` in dihya.config.ts to a writable folder, then run again.') +
      (d.committed?.length
        ? ' The migrations that committed stay applied; the audit file is completed from the database’s mirror on the next run.'
        : ' Nothing was changed.'),
  ),
  HISTORY_TABLE_FOREIGN: input<{ table: string; missing: string[] }>(
    (d) => `Table ${d.table} is not a dihya-migrate history table: it has no column ${d.missing.join(', ')}`,
    (d) =>
      `Another tool may own a table of that name. Point dihya-migrate at its own table with \`table\` in dihya.config.ts (e.g. \`table: '${d.table}_dihya'\`), or rename that table. Nothing was changed.`,
  ),
  INTERNAL_SCHEMA_UPGRADE_FAILED: runtime<{ version: number; description: string; reason: string }>(
    (d) => `Could not upgrade dihya-migrate's own tables to version ${d.version} (${d.description}): ${d.reason}`,
    () => 'Nothing of your schema was changed. Check that the database user may create and alter tables, then run again.',
  ),
  EXTENSION_FAILED: runtime<{ extension: string; point: string; reason: string } & Partial<StepFailureDetails>>(
    (d) => `${d.extension} failed at ${d.point}${d.name ? ` of migration ${d.name}` : ''}: ${d.reason}`,
    (d) =>
      d.outcome
        ? outcomeHint(d as StepFailureDetails, `Fix ${d.extension} or the migration and run again.`)
        : `Nothing was changed by this step. Fix ${d.extension} and run again.`,
  ),
  MIGRATION_TIMEOUT: runtime<StepFailureDetails & { limitMs: number; scope: 'migration' | 'run' }>(
    (d) => `Migration ${d.name} was stopped after ${d.limitMs} ms (${d.scope === 'run' ? 'the run' : 'its'} deadline): ${d.reason}`,
    (d) =>
      outcomeHint(
        d,
        d.scope === 'run'
          ? 'Raise `timeouts.runMs`, or run the remaining migrations in another run.'
          : 'Raise its `timeoutMs` (or `timeouts.migrationMs`) if it really takes that long, or find what it waited for (a lock, a promise that never settles).',
      ),
  ),
  TRANSACTION_CONTROL_REFUSED: runtime<StepFailureDetails & { statement: string }>(
    (d) => `Migration ${d.name} sent ${d.statement} inside its transaction: ${d.reason}`,
    (d) =>
      outcomeHint(
        d,
        'Remove the statement: dihya-migrate commits each migration itself. A migration that must commit on its own is marked `transactional: false` (SQL: `-- migrate:up transaction:false`).',
      ),
  ),
};
