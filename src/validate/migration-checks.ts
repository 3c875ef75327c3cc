/**
 * Data checks a migration declares about its own effect; they run after `up` (and after verify()),
 * inside its transaction where the dialect allows, and a failure stops the run.
 *
 * @example
 * checks: {
 *   allowRowLoss: ['sessions'],            // deleting expired sessions is intended
 *   notNull: ['customers.country'],        // the backfill left no NULL
 *   rowCounts: { countries: { min: 200 } },
 * }
 */
export interface MigrationChecks {
  /** Tables allowed to end with fewer rows than they had ('*' for all). Default: none. */
  allowRowLoss?: string[] | '*';
  /** `table.column` pairs that must hold no NULL afterwards. */
  notNull?: string[];
  /** Exact or bounded row counts expected afterwards. */
  rowCounts?: Record<string, number | { min?: number; max?: number }>;
  /** Child tables whose foreign keys may point nowhere afterwards (orphans). Default: none. */
  allowOrphans?: string[];
  /** Rows the migration is expected to change per table (inserted + updated + deleted), exact or bounded; more is an anomaly. */
  rowsChanged?: Record<string, number | { min?: number; max?: number }>;
}
