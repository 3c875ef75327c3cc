/**
 * English text of every error dihya-migrate raises: a message and a hint per code.
 * The CLI may render the same codes in another language from the same `details`.
 */
export type Details = Record<string, string | number | undefined>;

export interface ErrorText {
  message: (d: Details) => string;
  hint: (d: Details) => string;
  /** 2 = the input must be fixed (config, URL, files, drift); 1 = the run failed. */
  exitCode: 1 | 2;
}

const input = (message: ErrorText['message'], hint: ErrorText['hint']): ErrorText => ({ message, hint, exitCode: 2 });
const runtime = (message: ErrorText['message'], hint: ErrorText['hint']): ErrorText => ({ message, hint, exitCode: 1 });

export const errorMessages = {
  USAGE: input(
    (d) => `${d.reason}`,
    () => 'Run `dihya-migrate --help` to see the commands and their options.',
  ),
  CONFIG_NOT_FOUND: input(
    (d) => `Config file not found: ${d.file}`,
    () => 'Check the --config path, or run `dihya-migrate init` to create dihya.config.ts.',
  ),
  CONFIG_LOAD_FAILED: input(
    (d) => `Could not load config file ${d.file}: ${d.reason}`,
    () => 'Fix the syntax error in the config file; it must export a default object (use defineConfig).',
  ),
  CONFIG_INVALID: input(
    (d) => `Invalid config (${d.source}): ${d.reason}`,
    () => 'See the README section "Configuration" for every key and its type.',
  ),
  CONFIG_EXISTS: input(
    (d) => `${d.file} already exists; init does not overwrite it`,
    () => 'Edit the existing config, or delete it first if you really want a fresh one.',
  ),
  URL_MISSING: input(
    () => 'No database URL given',
    () => 'Pass --url, set DIHYA_URL, or set `url` in dihya.config.ts (sqlite:./app.db, postgres://user@host/db, mysql://user@host/db).',
  ),
  URL_INVALID: input(
    (d) => `Invalid database URL ${d.url}: ${d.reason}`,
    () => 'Use sqlite:./file.db, postgres://user:password@host:5432/db or mysql://user:password@host:3306/db.',
  ),
  URL_UNSUPPORTED: input(
    (d) => `Unsupported database URL scheme "${d.scheme}" in ${d.url}`,
    () => 'Supported schemes: sqlite:, postgres:// (or postgresql://), mysql:// (or mariadb://).',
  ),
  CONNECTION_FAILED: runtime(
    (d) => `Could not connect to ${d.url}: ${d.reason}`,
    () => 'Is the server running and reachable? Check host, port, user, password and database name.',
  ),
  MIGRATIONS_DIR_MISSING: input(
    (d) => `Migrations folder not found: ${d.dir}`,
    () => 'Create it with `dihya-migrate init`, or set `migrationsDir` in the config.',
  ),
  MIGRATION_NAME_INVALID: input(
    (d) => `Malformed migration file name: ${d.file}`,
    () => 'Name migrations YYYYMMDDHHMMSS_slug.ts or .sql (slug: a-z, 0-9, _ or -), e.g. `dihya-migrate new add_email`.',
  ),
  MIGRATION_DUPLICATE: input(
    (d) => `Two migrations share version ${d.version}: ${d.first} and ${d.second}`,
    () => 'Each migration needs its own timestamp; rename one of them (`dihya-migrate new` picks a free one).',
  ),
  MIGRATION_MALFORMED: input(
    (d) => `Malformed migration ${d.name}: ${d.reason}`,
    (d) =>
      d.kind === 'sql'
        ? 'An SQL migration needs a `-- migrate:up` section, and optionally `-- migrate:down`.'
        : 'A TypeScript migration must `export default defineMigration({ description, up })`.',
  ),
  MIGRATION_LOAD_FAILED: input(
    (d) => `Could not load migration ${d.name}: ${d.reason}`,
    () => 'Fix the error in the migration file; `dihya-migrate validate` checks every file without applying anything.',
  ),
  DRIFT_EDITED: input(
    (d) => `Applied migration ${d.name} was edited after it ran (checksum ${d.applied} in history, ${d.current} on disk)`,
    () => 'Never edit an applied migration: restore the file from version control and put the change in a new migration.',
  ),
  DRIFT_MISSING: input(
    (d) => `Applied migration ${d.name} is missing from the migrations folder`,
    () => 'Restore the file from version control; an applied migration must stay in the folder.',
  ),
  DRIFT_RENAMED: input(
    (d) => `Applied migration version ${d.version} was renamed from ${d.applied} to ${d.current}`,
    () => 'Rename the file back; the slug of an applied migration must not change.',
  ),
  OUT_OF_ORDER: input(
    (d) => `Pending migration ${d.name} is older than the last applied one (${d.last})`,
    () => 'Give it a newer timestamp, or run with --out-of-order if applying it late is intended.',
  ),
  INTERRUPTED: runtime(
    (d) => `Migration ${d.name} was interrupted in an earlier run after it changed the schema (${d.status})`,
    (d) =>
      'This database cannot roll back DDL, so it may be half-migrated. Check it, then mark the outcome with ' +
      `\`dihya-migrate resolve ${d.version ?? '<version>'} --applied\` or \`--rolled-back\`` +
      (d.backup ? `, or put back the backup taken just before it: \`dihya-migrate backup restore ${d.backup} --yes\` (anything written since is lost).` : '.'),
  ),
  LOCK_HELD: runtime(
    (d) => `Another run holds the migration lock (${d.holder}); waited ${d.waitedMs} ms`,
    () => 'Wait for the other run to finish, or raise --lock-timeout. A crashed run releases the lock by itself.',
  ),
  LOCK_LOST: runtime(
    (d) => `The migration lock was taken over by ${d.holder} during this run`,
    () => 'This run stopped before applying anything more. Raise `lock.leaseMs` if migrations run for long.',
  ),
  MIGRATION_FAILED: runtime(
    (d) => `Migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration and run again.'),
  ),
  VERIFY_FAILED: runtime(
    (d) => `Verification of migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration or its verify() and run again.'),
  ),
  VALIDATION_FAILED: runtime(
    (d) => `Data check after migration ${d.name} failed: ${d.reason}`,
    (d) => outcomeHint(d, 'Fix the migration, or declare the intended change in its `checks` (allowRowLoss, rowCounts, notNull).'),
  ),
  AUDIT_BROKEN: runtime(
    (d) => `The audit log ${d.file} and its database mirror disagree at entry ${d.seq}: ${d.reason}`,
    () => 'Run `dihya-migrate audit verify` to see every problem. Move the damaged file aside to rebuild it from the mirror.',
  ),
  AUDIT_TAMPERED: runtime(
    (d) =>
      `Audit verification failed: entry ${d.seq}${d.fileLine ? ` (line ${d.fileLine} of ${d.file})` : ''} ${d.reason}${Number(d.more) > 0 ? ` (and ${d.more} more problem(s))` : ''}`,
    () => 'The audit log was changed outside dihya-migrate. Compare it with the database mirror table and your copies.',
  ),
  BACKUP_FAILED: runtime(
    (d) => `Backup of ${d.url} failed: ${d.reason}`,
    () => 'Nothing was migrated. Check disk space and the backup tools (pg_dump, mariadb-dump), or set backup.method.',
  ),
  BACKUP_NOT_FOUND: input(
    (d) => `No backup ${d.id} for this database`,
    () => 'Run `dihya-migrate backup list` to see the backups of this database.',
  ),
  BACKUP_CORRUPT: runtime(
    (d) => `Backup ${d.id} is damaged: ${d.reason}`,
    () => 'Do not restore it; use another backup (`dihya-migrate backup list`).',
  ),
  BACKUP_VERIFY_FAILED: runtime(
    (d) => `Backup ${d.id} does not restore to what it recorded: ${d.reason}`,
    () => 'Do not rely on this backup; take a new one with `dihya-migrate backup create` and verify it.',
  ),
  RESTORE_FAILED: runtime(
    (d) => `Restoring backup ${d.id} failed: ${d.reason}`,
    () => 'The database may be incomplete. Restore again from the same or an older backup; a backup of the state before this restore was taken first.',
  ),
  RESTORE_NEEDS_CONFIRMATION: input(
    (d) => `Restoring backup ${d.id} replaces the whole database ${d.url}`,
    () => 'Run again with --yes to confirm. A backup of the current state is taken first.',
  ),
  LOCK_TIMEOUT_EXHAUSTED: runtime(
    (d) => `Migration ${d.name} could not get its table locks after ${d.attempts} attempts`,
    () => 'Another session keeps a conflicting lock; find it in pg_stat_activity, or raise postgres.lockRetries.',
  ),
  ATOMIC_UNSUPPORTED: input(
    (d) => `Cannot apply the pending migrations in one transaction: ${d.reason}`,
    () => 'Run without --atomic (each migration then gets its own transaction, and a backup where it cannot roll back).',
  ),
  NO_DOWN: input(
    (d) => `Migration ${d.name} has no down step`,
    () => 'Add a down() (or a `-- migrate:down` section) in a new revision, or restore from a backup.',
  ),
  TARGET_VERSION_UNKNOWN: input(
    (d) => `Unknown migration version ${d.version}`,
    () => 'Run `dihya-migrate status` to list the known versions.',
  ),
  NOT_APPLIED: input(
    (d) => `Migration ${d.version} is not applied`,
    () => 'Run `dihya-migrate status` to see which migrations are applied.',
  ),
  NOTHING_TO_RESOLVE: input(
    (d) => `Migration ${d.version} is not in an interrupted state`,
    () => '`resolve` only settles migrations that `status` shows as interrupted.',
  ),
  FILE_EXISTS: input(
    (d) => `${d.file} already exists`,
    () => 'Choose another name.',
  ),
  NODE_TOO_OLD: input(
    (d) => `dihya-migrate needs Node.js >= 22.12, this is ${d.version}`,
    () => 'Run it through `npx dihya-migrate` inside the project (it brings Node 24), or upgrade Node.js.',
  ),
} satisfies Record<string, ErrorText>;

/** What happened to a failed migration's changes: rolled back, restored from a backup, or possibly kept. */
function outcomeHint(d: Details, next: string): string {
  if (d.rolledBack === 'yes') return `Nothing of it was kept (the transaction was rolled back). ${next}`;
  if (d.rolledBack === 'restored') return `The database was restored from backup ${d.backup} and is identical to before the migration. ${next}`;
  return `It ran outside a transaction, so part of it may be kept. Check the database before running again. ${next}`;
}

export type ErrorCode = keyof typeof errorMessages;
