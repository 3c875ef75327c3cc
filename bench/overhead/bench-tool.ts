import type { BenchDialect } from './bench-database.ts';
import type { BenchMigration, MigrationKind } from './migration-names.ts';
import type { StatementCount } from './statement-counter.ts';

/** What every run of every tool gets: the dialect, what the migrations do, and the size of the untouched table to seed (0: none). */
export interface BenchSetup {
  dialect: BenchDialect;
  kind: MigrationKind;
  bigTableMb: number;
}

/** What dihya-migrate's run events say of one run: the steps' wall time, and its backups. */
export interface RunDetail {
  /** From the first migration's start to the last one's end (the run's fixed costs left out). */
  stepsMs: number;
  /** The backup before the run. */
  runBackupMs: number;
  /** Backups taken during the steps (table-scoped, before DDL that cannot roll back), and their time. */
  stepBackups: number;
  stepBackupMs: number;
}

/** One timed run: wall time, the statements the process sent (servers only), and dihya-migrate's detail. */
export interface RunResult {
  ms: number;
  statements: StatementCount;
  detail?: RunDetail;
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
