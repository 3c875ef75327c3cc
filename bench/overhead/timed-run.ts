import type { BenchDatabase } from './bench-database.ts';
import { createBenchDatabase } from './bench-database.ts';
import type { BenchSetup, RunResult } from './bench-tool.ts';
import { makeScratch, type Scratch } from './scratch.ts';
import { countStatements } from './statement-counter.ts';

/**
 * One tool's run on a fresh scratch folder and database: `prepare` writes the files (untimed),
 * the big untouched table is seeded when asked (untimed), `timed` runs with its statements
 * counted, then the history is checked and everything removed.
 *
 * @example
 * return timedRun('knex', setup, (s) => writeKnexMigrations(s.migrationsDir, migrations), (db) => migrate(db), 'knex_migrations', migrations.length)
 */
export async function timedRun(
  label: string,
  setup: BenchSetup,
  prepare: (scratch: Scratch) => void,
  timed: (database: BenchDatabase, scratch: Scratch) => Promise<void>,
  historyTable: string,
  count: number,
): Promise<RunResult> {
  const scratch = makeScratch(label);
  try {
    const database = await createBenchDatabase(setup.dialect, scratch.dir);
    try {
      prepare(scratch);
      if (setup.bigTableMb > 0) await database.seedBigTable(setup.bigTableMb);
      if (setup.kind === 'alter') await database.seedSmallTable();
      const stop = countStatements();
      const started = performance.now();
      try {
        await timed(database, scratch);
      } finally {
        stop();
      }
      const ms = performance.now() - started;
      const statements = stop();
      await database.verify(historyTable, count, label, setup.kind);
      return { ms, statements };
    } finally {
      await database.drop();
    }
  } finally {
    scratch.remove();
  }
}
