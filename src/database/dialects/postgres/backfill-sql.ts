import { sql } from 'kysely';
import type { BackfillSql } from '../../backfill-sql.ts';
import { rowValueComparison } from '../../row-value.ts';

/**
 * PostgreSQL: row-value comparisons (`(a, b) > ($1, $2)`, served by the primary key's btree), and
 * the longest replay lag among the replicas in `pg_stat_replication` (0 without replicas), and
 * `pg_class.reltuples` as the row estimate. A batch commits without waiting for its WAL flush
 * (`synchronous_commit = off`, with `lock_timeout`, in one round trip): the flush of a loaded
 * disk no longer lengthens the time the batch holds its row locks. Its `statement_timeout` stops
 * an UPDATE that would hold them past the batch's ceiling.
 *
 * @example
 * await postgresBackfillSql.serverLoad(db) // { replicaLagMs: 0 }
 */
export const postgresBackfillSql: BackfillSql = {
  keyAfter: (key, values) => rowValueComparison(key, values, '>'),
  keyAtMost: (key, values) => rowValueComparison(key, values, '<='),
  async serverLoad(db) {
    const { rows } = await sql<{
      lag: number | string | null;
    }>`select coalesce(max(extract(epoch from replay_lag)), 0) * 1000 as lag from pg_stat_replication`.execute(db);
    return { replicaLagMs: Number(rows[0]?.lag ?? 0) };
  },
  async startBatch(trx, { lockTimeoutMs, statementTimeoutMs }) {
    const ms = (value: number) => `'${Math.max(1, Math.floor(value))}ms'`;
    const statements = [`set local lock_timeout = ${ms(lockTimeoutMs)}`, 'set local synchronous_commit = off'];
    if (statementTimeoutMs !== undefined) statements.push(`set local statement_timeout = ${ms(statementTimeoutMs)}`);
    // No parameters: one simple-protocol query with every statement.
    await sql.raw(statements.join('; ')).execute(trx);
  },
  // A stopped statement is rolled back at once (its row versions are left dead): the rest of the target is the checkpoint and COMMIT's.
  statementTimeoutMs: async (_db, targetMs) => Math.floor(targetMs * 0.6),
  isStatementTimeout: (error) => {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    // 57014 is also a cancel on request; a server whose messages are not in English words neither the same way:
    // only a cancel that says it came from a user is not taken for the ceiling.
    return code === '57014' && !(typeof message === 'string' && message.includes('user request'));
  },
  batchAim: 0.4,
  async estimateRows(db, table) {
    // reltuples is -1 until the table was first vacuumed or analyzed.
    const { rows } = await sql<{ n: number | string | null }>`select reltuples as n from pg_class where oid = to_regclass(${table})`.execute(db);
    const n = Number(rows[0]?.n ?? -1);
    return n >= 0 ? Math.round(n) : undefined;
  },
};
