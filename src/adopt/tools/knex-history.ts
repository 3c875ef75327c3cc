import { sql } from 'kysely';
import type { ForeignHistoryReader } from '../foreign-history.ts';
import { isoTime } from '../foreign-history.ts';

/**
 * knex's `knex_migrations`: one row per applied file (`20240101120000_users.js`), matched to the
 * local migration of the same name without its extension (or of the same 14-digit version).
 *
 * @example
 * const entries = await knexHistory.read(db, 'knex_migrations')
 */
export const knexHistory: ForeignHistoryReader = {
  tool: 'knex',
  defaultTable: 'knex_migrations',
  async read(db, table) {
    const { rows } = await sql<{ name: string; migration_time: unknown }>`select name, migration_time from ${sql.table(table)} order by id`.execute(db);
    return rows.map((row) => {
      const appliedAt = isoTime(row.migration_time);
      return { name: row.name.replace(/\.(c|m)?(js|ts)$/, ''), status: 'applied' as const, ...(appliedAt ? { appliedAt } : {}) };
    });
  },
};
