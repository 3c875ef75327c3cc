import knex from 'knex';
import type { BenchTool } from './bench-tool.ts';
import { timedRun } from './timed-run.ts';
import { writeKnexMigrations } from './write-migrations.ts';

/**
 * knex's migrator (`migrate.latest()`, default settings) on `.mjs` migration files: on SQLite
 * driving `node:sqlite` through NodeSqliteKnexClient, on the servers with its `pg` and `mysql2`
 * clients. With every migration transactional (the default), knex runs the whole batch in a
 * single transaction.
 */
export const knexTool: BenchTool = {
  name: 'knex',
  commits: '1 for the whole batch',
  dialects: ['sqlite', 'postgres', 'mysql'],
  runOnce(migrations, setup) {
    return timedRun(
      'knex',
      setup,
      (scratch) => writeKnexMigrations(scratch.migrationsDir, migrations),
      async (database, scratch) => {
        const db = knex(database.knexConfig);
        try {
          await db.migrate.latest({ directory: scratch.migrationsDir, loadExtensions: ['.mjs'] });
        } finally {
          await db.destroy();
        }
      },
      'knex_migrations',
      migrations.length,
    );
  },
};
