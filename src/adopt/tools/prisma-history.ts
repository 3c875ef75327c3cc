import { sql } from 'kysely';
import type { ForeignEntry, ForeignHistoryReader } from '../foreign-history.ts';
import { isoTime } from '../foreign-history.ts';

interface PrismaRow {
  migration_name: string;
  checksum: string;
  started_at: unknown;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Prisma's `_prisma_migrations`: a row is applied once `finished_at` is set, failed while it is not;
 * rows marked `rolled_back_at` (by `prisma migrate resolve --rolled-back`) are skipped. Its checksum
 * is the SHA-256 of `migration.sql`.
 *
 * @example
 * const entries = await prismaHistory.read(db, '_prisma_migrations')
 */
export const prismaHistory: ForeignHistoryReader = {
  tool: 'prisma',
  defaultTable: '_prisma_migrations',
  async read(db, table) {
    const { rows } = await sql<PrismaRow>`select * from ${sql.table(table)} order by started_at`.execute(db);
    const entries = new Map<string, ForeignEntry>();
    for (const row of rows) {
      if (row.rolled_back_at !== null && row.rolled_back_at !== undefined) continue;
      const appliedAt = isoTime(row.finished_at ?? row.started_at);
      entries.set(row.migration_name, {
        name: row.migration_name,
        status: row.finished_at === null || row.finished_at === undefined ? 'failed' : 'applied',
        ...(appliedAt ? { appliedAt } : {}),
        checksum: { kind: 'sha256', value: row.checksum },
      });
    }
    return [...entries.values()];
  },
};
