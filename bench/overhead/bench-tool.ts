import type { BenchMigration } from './migration-names.ts';

/** One migration tool under test. */
export interface BenchTool {
  name: string;
  /** How the tool commits, shown next to its times (commits dominate SQLite write cost). */
  commits: string;
  /**
   * In a fresh scratch folder: writes the migration files (untimed), applies them all to a new
   * SQLite file (timed: open, migrate, close), checks the result (untimed, throws on a short
   * run), deletes the folder. Returns the timed part in milliseconds.
   */
  runOnce(migrations: BenchMigration[]): Promise<number>;
}
