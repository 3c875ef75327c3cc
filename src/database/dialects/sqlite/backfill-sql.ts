import type { BackfillSql } from '../../backfill-sql.ts';
import { rowValueComparison } from '../../row-value.ts';

/**
 * SQLite: row-value comparisons; no server, so no load to measure, no row estimate and no
 * statement ceiling.
 *
 * @example
 * await sqliteBackfillSql.serverLoad(db) // {}
 */
export const sqliteBackfillSql: BackfillSql = {
  keyAfter: (key, values) => rowValueComparison(key, values, '>'),
  keyAtMost: (key, values) => rowValueComparison(key, values, '<='),
  serverLoad: async () => ({}),
  startBatch: async () => undefined,
  // No statement timeout to stop an UPDATE with (the database lock is the only one, and batches are steady).
  statementTimeoutMs: async () => undefined,
  isStatementTimeout: () => false,
  // Batches take about the same time at the same size, and each COMMIT costs its journal's fsyncs: bigger batches.
  batchAim: 0.6,
  // No statistics to read without ANALYZE: the backfill counts.
  estimateRows: async () => undefined,
};
