import { sql } from 'kysely';
import type { ForeignHistoryReader } from '../foreign-history.ts';
import { isoTime } from '../foreign-history.ts';

/**
 * Sqitch's registry: `<registry>.changes` lists the changes deployed now (a revert deletes its
 * row), with the SHA-1 of each deploy script. The registry is a schema on PostgreSQL and a database
 * on MariaDB, `sqitch` by default. Committer names and e-mails are never read.
 *
 * @example
 * const entries = await sqitchHistory.read(db, 'sqitch')
 */
export const sqitchHistory: ForeignHistoryReader = {
  tool: 'sqitch',
  defaultTable: 'sqitch',
  async read(db, registry) {
    const { rows } = await sql<{
      change: string;
      script_hash: string | null;
      committed_at: unknown;
    }>`select ${sql.ref('change')}, script_hash, committed_at from ${sql.table(`${registry}.changes`)} order by committed_at`.execute(db);
    return rows.map((row) => {
      const appliedAt = isoTime(row.committed_at);
      return {
        name: row.change,
        status: 'applied' as const,
        ...(appliedAt ? { appliedAt } : {}),
        ...(row.script_hash ? { checksum: { kind: 'sha1' as const, value: row.script_hash } } : {}),
      };
    });
  },
};
