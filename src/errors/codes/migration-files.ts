import { input } from '../error-text.ts';

/** Errors about migration files and how they match the history. */
export const migrationFilesErrors = {
  MIGRATIONS_DIR_MISSING: input<{ dir: string }>(
    (d) => `Migrations folder not found: ${d.dir}`,
    () => 'Create it with `dihya-migrate init`, or set `migrationsDir` in the config.',
  ),
  MIGRATION_NAME_INVALID: input<{ file: string }>(
    (d) => `Malformed migration file name: ${d.file}`,
    () => 'Name migrations YYYYMMDDHHMMSS_slug.ts or .sql (slug: a-z, 0-9, _ or -), e.g. `dihya-migrate new add_email`.',
  ),
  MIGRATION_DUPLICATE: input<{ version: string; first: string; second: string }>(
    (d) => `Two migrations share version ${d.version}: ${d.first} and ${d.second}`,
    () => 'Each migration needs its own timestamp; rename one of them (`dihya-migrate new` picks a free one).',
  ),
  MIGRATION_MALFORMED: input<{ name: string; reason: string; kind: 'sql' | 'ts' }>(
    (d) => `Malformed migration ${d.name}: ${d.reason}`,
    (d) =>
      d.kind === 'sql'
        ? 'An SQL migration needs a `-- migrate:up` section, and optionally `-- migrate:down`.'
        : 'A TypeScript migration must `export default defineMigration({ description, up })`.',
  ),
  MIGRATION_LOAD_FAILED: input<{ name: string; reason: string }>(
    (d) => `Could not load migration ${d.name}: ${d.reason}`,
    () => 'Fix the error in the migration file; `dihya-migrate validate` checks every file without applying anything.',
  ),
  DRIFT_EDITED: input<{ name: string; applied: string; current: string }>(
    (d) => `Applied migration ${d.name} was edited after it ran (checksum ${d.applied} in history, ${d.current} on disk)`,
    () => 'Never edit an applied migration: restore the file from version control and put the change in a new migration.',
  ),
  DRIFT_MISSING: input<{ name: string }>(
    (d) => `Applied migration ${d.name} is missing from the migrations folder`,
    () => 'Restore the file from version control; an applied migration must stay in the folder.',
  ),
  DRIFT_RENAMED: input<{ version: string; applied: string; current: string }>(
    (d) => `Applied migration version ${d.version} was renamed from ${d.applied} to ${d.current}`,
    () => 'Rename the file back; the slug of an applied migration must not change.',
  ),
  OUT_OF_ORDER: input<{ name: string; last: string }>(
    (d) => `Pending migration ${d.name} is older than the last applied one (${d.last})`,
    () => 'Give it a newer timestamp, or run with --out-of-order if applying it late is intended.',
  ),
  TARGET_VERSION_UNKNOWN: input<{ version: string }>(
    (d) => `Unknown migration version ${d.version}`,
    () => 'Run `dihya-migrate status` to list the known versions.',
  ),
  NOT_APPLIED: input<{ version: string }>(
    (d) => `Migration ${d.version} is not applied`,
    () => 'Run `dihya-migrate status` to see which migrations are applied.',
  ),
  NOTHING_TO_RESOLVE: input<{ version: string }>(
    (d) => `Migration ${d.version} is not in an interrupted state`,
    () => '`resolve` only settles migrations that `status` shows as interrupted.',
  ),
  NO_DOWN: input<{ name: string }>(
    (d) => `Migration ${d.name} has no down step`,
    () => 'Add a down() (or a `-- migrate:down` section) in a new revision, or restore from a backup.',
  ),
  ATOMIC_UNSUPPORTED: input<{ reason: string }>(
    (d) => `Cannot apply the pending migrations in one transaction: ${d.reason}`,
    () => 'Run without --atomic (each migration then gets its own transaction, and a backup where it cannot roll back).',
  ),
  OWN_CONNECTIONS: input<{ name: string; what: string }>(
    (d) => `Migration ${d.name} opens database connections of its own (${d.what}): its statements would escape its transaction, its checks and its backup`,
    () =>
      'Use the `db`, `sql` and `run` it receives (they run in its transaction). If it must open its own connections, declare `ownConnections: true` and take care of what it changes.',
  ),
  NOTHING_TO_UNDO: input<{ version: string }>(
    (d) => `Migration ${d.version} left no recovery record to undo it from (it changed nothing that cannot roll back, or backups were off)`,
    (d) => `Check the database, then settle it with \`dihya-migrate resolve ${d.version} --applied\` or \`--rolled-back\`.`,
  ),
};
