import { sql } from 'kysely';
import type { ForeignHistoryReader } from '../foreign-history.ts';

/**
 * golang-migrate's `schema_migrations`: one row, the version reached, `dirty` when that migration
 * failed half-way. Every version up to it counts as applied; a dirty one is recorded as failed.
 * A `schema_migrations` table without `dirty` (dbmate, one row per applied version) is read row by row.
 *
 * @example
 * const entries = await golangMigrateHistory.read(db, 'schema_migrations')
 */
export const golangMigrateHistory: ForeignHistoryReader = {
  tool: 'golang-migrate',
  defaultTable: 'schema_migrations',
  async read(db, table) {
    const { rows } = await sql<{ version: number | string; dirty?: boolean | number | string }>`select * from ${sql.table(table)}`.execute(db);
    if (rows.length > 0 && rows.every((r) => r.dirty !== undefined)) {
      return rows.map((r) => {
        const dirty = r.dirty === true || r.dirty === 1 || r.dirty === '1' || r.dirty === 't';
        return { version: String(r.version), status: dirty ? ('failed' as const) : ('applied' as const), upTo: true };
      });
    }
    return rows.map((r) => ({ version: String(r.version), status: 'applied' as const }));
  },
};
