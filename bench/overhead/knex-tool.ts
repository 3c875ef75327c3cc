import knex from 'knex';
import type { BenchTool } from './bench-tool.ts';
import { NodeSqliteKnexClient } from './knex-node-sqlite-client.ts';
import { makeScratch } from './scratch.ts';
import { verifyDatabase } from './verify-database.ts';
import { writeKnexMigrations } from './write-migrations.ts';

/**
 * knex's migrator (`migrate.latest()`, default settings) on `.mjs` migration files, driving
 * `node:sqlite` through {@link NodeSqliteKnexClient}. With every migration transactional
 * (the default), knex runs the whole batch in a single transaction.
 */
export const knexTool: BenchTool = {
  name: 'knex',
  commits: '1 for the whole batch',
  async runOnce(migrations) {
    const scratch = makeScratch('knex');
    try {
      writeKnexMigrations(scratch.migrationsDir, migrations);
      const started = performance.now();
      const db = knex({ client: NodeSqliteKnexClient, connection: { filename: scratch.dbFile }, useNullAsDefault: true });
      try {
        await db.migrate.latest({ directory: scratch.migrationsDir, loadExtensions: ['.mjs'] });
      } finally {
        await db.destroy();
      }
      const elapsed = performance.now() - started;
      verifyDatabase(scratch.dbFile, 'knex_migrations', migrations.length, this.name);
      return elapsed;
    } finally {
      scratch.remove();
    }
  },
};
