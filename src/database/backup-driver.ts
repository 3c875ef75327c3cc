/**
 * Every way dihya-migrate backs a database up; `backup.method` in the config picks one (or `auto`).
 *
 * @example
 * const method: BackupMethod = 'pg_dump'
 */
export const BACKUP_METHODS = ['pg_dump', 'pg-copy', 'mysqldump', 'mysql-driver', 'sqlite-backup'] as const;

/** One of {@link BACKUP_METHODS}. */
export type BackupMethod = (typeof BACKUP_METHODS)[number];

/** What a backup holds: the whole database (default) or some tables, never the excluded ones. */
export interface BackupOptions {
  method?: BackupMethod | 'auto';
  /**
   * Only these tables, with their indexes, triggers and owned sequences (a table-scoped backup,
   * taken before a statement that cannot roll back). Absent: the whole database.
   */
  tables?: string[];
  /** Tables left out of the backup (dihya-migrate's lock and audit mirror). */
  exclude?: string[];
  /** PostgreSQL's pg_dump: the gzip level (0-9) instead of pg_dump's default. */
  pgDumpCompression?: number;
}

/** What a restore leaves alone and what it removes besides the backed-up objects. */
export interface RestoreOptions {
  /** Tables the restore never touches, whatever the backup holds (the lock, the audit mirror, the erasure ledger). */
  keep?: string[];
  /** For a table-scoped backup: tables to drop as well (created after the backup was taken). */
  drop?: string[];
}

/**
 * What each dialect provides to back a database up and put it back. Generic code
 * (src/backup/) adds the manifest, checksums, retention and verification around it.
 */
export interface BackupDriver {
  /**
   * Writes a consistent backup into the existing, empty folder `dir`: the whole database, or
   * only `options.tables`. Returns how it was made and the exact row count of every table it
   * holds, taken in the same snapshot as the data.
   */
  create(dir: string, options?: BackupOptions): Promise<BackupResult>;
  /**
   * Makes the database at `url` (the target itself, or a scratch database) hold what the backup in
   * `dir` holds. A whole-database backup: objects created since are dropped, the backed-up ones
   * recreated and refilled, except `options.keep`. A table-scoped backup: only its tables (and
   * `options.drop`) are replaced; every other table, and the rows other sessions wrote there, stay.
   * Atomic where the dialect allows (SQLite, PostgreSQL: it commits only once complete).
   */
  restore(dir: string, result: Pick<BackupResult, 'method' | 'files' | 'tables'>, url: string, options?: RestoreOptions): Promise<void>;
  /**
   * Checks that the files of a backup are complete, as the dump tool wrote them (the archive's
   * table of contents and last data block read back, the dump's completion trailer, the copy's
   * page count): a truncated dump is caught before it is needed. Throws with the reason.
   */
  checkComplete(dir: string, result: Pick<BackupResult, 'method' | 'files'>): Promise<void>;
  /**
   * Puts back the `keep` tables a restore cut short left set aside (MariaDB parks them under
   * another name while it replays a dump; elsewhere a restore is atomic and leaves nothing). Run
   * under the migration lock before anything reads those tables.
   */
  recoverKept?(url: string, keep: readonly string[]): Promise<void>;
  /** A fresh, empty database of the same dialect next to the target (for `backup verify` and rehearsals). */
  createScratch(): Promise<ScratchDatabase>;
  /**
   * Copies the target's schema (tables, columns, defaults, keys, indexes, views, and where the
   * dialect has them sequences, enum types, functions/routines and triggers; no rows) into the
   * empty database at `url` (one from createScratch()), so that pending migrations can be tried
   * there (`plan` shows their schema diff). Reads definitions only, never table data, so it takes
   * the same time whatever the size of the tables. Refuses a destination that is not empty.
   * With `options.tables`, PostgreSQL and MariaDB copy only those tables (and every object that is
   * not a table or view: types, functions, routines) when their dump tool is at hand; otherwise,
   * and on SQLite, the whole schema is copied.
   */
  cloneSchema(url: string, options?: CloneSchemaOptions): Promise<void>;
}

/**
 * What {@link BackupDriver.cloneSchema} copies.
 *
 * @example
 * const options: CloneSchemaOptions = { tables: ['orders', 'customers'] }
 */
export interface CloneSchemaOptions {
  /** Only these tables, as schema snapshots name them (absent: the whole schema). */
  tables?: readonly string[];
  /**
   * With `tables`: tables copied too, only so that the foreign keys of `tables` hold; their own
   * foreign keys are left out (PostgreSQL) or not checked (MariaDB), so what they reference need not be there.
   */
  referenced?: readonly string[];
}

export interface BackupResult {
  /** e.g. `sqlite-backup`, `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`. */
  method: BackupMethod;
  /** File names written into the folder (relative). */
  files: string[];
  /** Table name -> exact row count at backup time. */
  rowCounts: Record<string, number>;
  /** Set for a table-scoped backup: the tables it holds (as the schema snapshot names them). */
  tables?: string[];
  /** Size and SHA-256 of files hashed while they were written (the store does not read those again). */
  digests?: Record<string, { size: number; sha256: string }>;
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}
