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
  // No statement timeout to stop an UPDATE with.
  statementTimeoutMs: async () => undefined,
  isStatementTimeout: () => false,
  // Each COMMIT costs its journal's fsyncs: a bigger share than the servers', but a loaded CPU still
  // stretches a batch 2-3x (317 ms at 60 %, load 12).
  batchAim: 0.5,
  // No statistics to read without ANALYZE: the backfill counts.
  estimateRows: async () => undefined,
};
