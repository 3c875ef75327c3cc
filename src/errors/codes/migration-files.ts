import { input } from '../error-text.ts';

/**
 * The fields of a migration definition (and of its `checks` and `lint`) whose shape the loader
 * checks, named as they are written in TypeScript.
 *
 * @example
 * const field: MigrationField = 'checks.allowRowLoss'
 */
export type MigrationField =
  | 'definition'
  | 'description'
  | 'sector'
  | 'up'
  | 'down'
  | 'verify'
  | 'transactional'
  | 'downTransactional'
  | 'checks'
  | 'checks.allowRowLoss'
  | 'checks.notNull'
  | 'checks.rowCounts'
  | 'checks.allowOrphans'
  | 'checks.rowsChanged'
  | 'timeoutMs'
  | 'lint'
  | 'lint.allow'
  | 'lint.reason'
  | 'author'
  | 'purpose'
  | 'approvedBy'
  | 'sectorRules'
  | 'backfill'
  | 'ownConnections';

/**
 * What each field must hold, in English (the French twin has its own table).
 *
 * @example
 * FIELD_SHAPES['checks.allowRowLoss'] // "an array of table names, or '*' for every table"
 */
export const FIELD_SHAPES: Record<MigrationField, string> = {
  definition: 'an object (the default export)',
  description: 'a non-empty string',
  sector: 'a sector name: lower-case letters, digits, `_` or `-` (e.g. `sante`)',
  up: 'a function',
  down: 'a function',
  verify: 'a function',
  transactional: 'true or false',
  downTransactional: 'true or false',
  checks: 'an object with allowRowLoss, notNull, rowCounts, allowOrphans, rowsChanged',
  'checks.allowRowLoss': "an array of table names, or '*' for every table",
  'checks.notNull': "an array of 'table.column' names",
  'checks.rowCounts': 'an object: table name -> a count, or { min, max } (whole numbers >= 0, min <= max)',
  'checks.allowOrphans': 'an array of table names',
  'checks.rowsChanged': 'an object: table name -> a count, or { min, max } (whole numbers >= 0, min <= max)',
  timeoutMs: 'a whole number of milliseconds > 0',
  lint: 'an object { allow: [rule names], reason: why }',
  'lint.allow': 'a non-empty array of lint rule names',
  'lint.reason': 'a non-empty string saying why',
  author: 'a non-empty string',
  purpose: 'a non-empty string',
  approvedBy: 'a non-empty string',
  sectorRules: "an object of the sector pack’s parameters, e.g. { grades: { table: 'grades', column: 'level' } }",
  backfill: 'true or false',
  ownConnections: 'true or false',
};

/** Where a problem is in a file: ` (line 4)`, or nothing. */
const atLine = (line: number | undefined) => (line === undefined ? '' : ` (line ${line})`);

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
  MIGRATION_FIELD_INVALID: input<{
    name: string;
    kind: 'sql' | 'ts';
    /** The key as written, with its path (`checks.notnul`, `checks.rowCounts.orders.min`). */
    path: string;
    /** The field whose shape applies. */
    field: MigrationField;
    problem: 'unknown-key' | 'wrong-value';
    /** The closest known key, for a misspelt one. */
    suggestion?: string;
    /** Known keys where the unknown one stands. */
    known?: string;
    line?: number;
  }>(
    (d) =>
      d.problem === 'unknown-key'
        ? `Migration ${d.name}: unknown key \`${d.path}\`${atLine(d.line)}`
        : `Migration ${d.name}: \`${d.path}\`${atLine(d.line)} must be ${FIELD_SHAPES[d.field]}`,
    (d) => {
      const sql = d.kind === 'sql' ? ' In an SQL file, directives are `-- dihya:<key> <value>` comments before `-- migrate:up` (see the README).' : '';
      if (d.problem === 'unknown-key') return `${d.suggestion ? `Did you mean \`${d.suggestion}\`? ` : ''}Known keys: ${d.known ?? ''}.${sql}`;
      return `Write \`${d.field}\` as ${FIELD_SHAPES[d.field]}.${sql}`;
    },
  ),
  MIGRATION_DIRECTIVE_UNKNOWN: input<{ name: string; line: number; directive: string; known: string; suggestion?: string }>(
    (d) => `Migration ${d.name}: unknown directive \`-- dihya:${d.directive}\` (line ${d.line})`,
    (d) => `${d.suggestion ? `Did you mean \`-- dihya:${d.suggestion}\`? ` : ''}Known directives: ${d.known}.`,
  ),
  STATEMENT_NEEDS_NO_TRANSACTION: input<{ name: string; file: string; line: number; statement: string; section: 'up' | 'down' }>(
    (d) => `${d.file}:${d.line}: ${d.statement} cannot run inside a transaction, and the ${d.section} section of ${d.name} runs in one`,
    (d) =>
      `Mark the section \`-- migrate:${d.section} transaction:false\`: its statements then run one by one outside a transaction (with a backup to restore if one fails half-way).`,
  ),
  TRANSACTION_CONTROL_IN_MIGRATION: input<{ name: string; file: string; line: number; statement: string; section: 'up' | 'down' }>(
    (d) => `${d.file}:${d.line}: ${d.statement} would end or change the transaction the ${d.section} section of ${d.name} runs in`,
    (d) =>
      `Remove it: dihya-migrate commits or rolls back each migration itself. A section that must manage its own transactions is marked \`-- migrate:${d.section} transaction:false\`.`,
  ),
  ENUM_VALUE_USED_TOO_EARLY: input<{ name: string; file: string; line: number; addedAt: number; type: string; value: string; section: 'up' | 'down' }>(
    (d) =>
      `${d.file}:${d.line}: the enum value '${d.value}' added to ${d.type} at line ${d.addedAt} is used in the same transaction (the ${d.section} section of ${d.name}); PostgreSQL refuses it until the value is committed`,
    (d) => `Move the statements that use the new value to a later migration, or mark the section \`-- migrate:${d.section} transaction:false\`.`,
  ),
  CHECK_TABLE_UNKNOWN: input<{ name: string; check: string; table: string; column?: string }>(
    (d) =>
      `Migration ${d.name}: checks.${d.check} names ${d.column === undefined ? `table ${d.table}` : `column ${d.table}.${d.column}`}, which neither exists now nor is created by this or an earlier pending migration`,
    () => 'Fix the name (as the database names it, e.g. `dihya-migrate status` and `plan` show the tables), or remove the entry.',
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
  PLAN_MIGRATION_FAILS: input<{ name: string; reason: string; notTried: number }>(
    (d) =>
      `Migration ${d.name} fails on a schema-only copy of the database: ${d.reason}` + (d.notTried > 0 ? ` (${d.notTried} later migration(s) not tried)` : ''),
    (d) => `\`dihya-migrate up\` would stop at ${d.name}: fix it, then run \`dihya-migrate plan\` again. Nothing was changed.`,
  ),
  NOTHING_TO_UNDO: input<{ version: string }>(
    (d) => `Migration ${d.version} left no recovery record to undo it from (it changed nothing that cannot roll back, or backups were off)`,
    (d) => `Check the database, then settle it with \`dihya-migrate resolve ${d.version} --applied\` or \`--rolled-back\`.`,
  ),
  COPY_FROM_STDIN_UNSUPPORTED: input<{ dialect: string }>(
    (d) => `COPY … FROM stdin is a PostgreSQL statement: ${d.dialect} cannot run it`,
    () => 'Load the rows with INSERT statements (or the database’s own bulk loader) instead.',
  ),
};
