/**
 * Every way dihya-migrate backs a database up; `backup.method` in the config picks one (or `auto`).
 *
 * @example
 * const method: BackupMethod = 'pg_dump'
 */
export const BACKUP_METHODS = ['pg_dump', 'pg-copy', 'mysqldump', 'mysql-driver', 'sqlite-backup'] as const;

/** One of {@link BACKUP_METHODS}. */
export type BackupMethod = (typeof BACKUP_METHODS)[number];

/**
 * What each dialect provides to back a database up and put it back. Generic code
 * (src/backup/) adds the manifest, checksums, retention and verification around it.
 */
export interface BackupDriver {
  /**
   * Writes a consistent backup of the whole database into the existing, empty folder `dir`.
   * Returns how it was made and the exact row count of every table, taken in the same snapshot as the data.
   */
  create(dir: string, options?: { method?: BackupMethod | 'auto' }): Promise<BackupResult>;
  /**
   * Makes the database at `url` (the target itself, or a scratch database) hold exactly what the
   * backup in `dir` holds: objects created since are dropped, the backed-up ones recreated and refilled.
   */
  restore(dir: string, result: Pick<BackupResult, 'method' | 'files'>, url: string): Promise<void>;
  /** A fresh, empty database of the same dialect next to the target (for `backup verify` and rehearsals). */
  createScratch(): Promise<ScratchDatabase>;
  /**
   * Copies the target's schema (tables, columns, defaults, keys, indexes, views, and where the
   * dialect has them sequences, enum types, functions/routines and triggers; no rows) into the
   * empty database at `url` (one from createScratch()), so that pending migrations can be tried
   * there (`plan` shows their schema diff). Reads definitions only, never table data, so it takes
   * the same time whatever the size of the tables. Refuses a destination that is not empty.
   */
  cloneSchema(url: string): Promise<void>;
}

export interface BackupResult {
  /** e.g. `sqlite-backup`, `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`. */
  method: BackupMethod;
  /** File names written into the folder (relative). */
  files: string[];
  /** Table name -> exact row count at backup time. */
  rowCounts: Record<string, number>;
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}
