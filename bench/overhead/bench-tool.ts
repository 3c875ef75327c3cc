import type { BenchDialect } from './bench-database.ts';
import type { BenchMigration } from './migration-names.ts';
import type { StatementCount } from './statement-counter.ts';

/** What every run of every tool gets: the dialect, and the size of the untouched table to seed (0: none). */
export interface BenchSetup {
  dialect: BenchDialect;
  bigTableMb: number;
}

/** One timed run: wall time, and the statements the process sent (servers only). */
export interface RunResult {
  ms: number;
  statements: StatementCount;
}

/** One migration tool under test. */
export interface BenchTool {
  name: string;
  /** How the tool commits, shown next to its times (commits dominate SQLite write cost). */
  commits: string;
  /** The dialects it runs on. */
  dialects: BenchDialect[];
  /**
   * In a fresh scratch folder and a fresh database: writes the migration files (untimed),
   * applies them all (timed: open, migrate, close), checks the result (untimed, throws on a
   * short run), deletes both.
   */
  runOnce(migrations: BenchMigration[], setup: BenchSetup): Promise<RunResult>;
}
