import type { BackfillSql } from '../../backfill-sql.ts';
import { rowValueComparison } from '../../row-value.ts';

/**
 * SQLite: row-value comparisons; no server, so no load to measure, and no row estimate.
 *
 * @example
 * await sqliteBackfillSql.serverLoad(db) // {}
 */
export const sqliteBackfillSql: BackfillSql = {
  keyAfter: (key, values) => rowValueComparison(key, values, '>'),
  keyAtMost: (key, values) => rowValueComparison(key, values, '<='),
  serverLoad: async () => ({}),
  startBatch: async () => undefined,
  // No statistics to read without ANALYZE: the backfill counts.
  estimateRows: async () => undefined,
};
