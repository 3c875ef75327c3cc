import type { Kysely } from 'kysely';
import type { SchemaChange } from '../database/schema-diff.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { StatementObserver, Target } from '../database/target.ts';
import { checkNotNull, checkOrphans, checkRowCounts, checkRowLoss } from './data-checks.ts';
import type { MigrationChecks } from './migration-checks.ts';
import { RowRemovalWatch } from './row-removal-watch.ts';
import { SchemaTracker } from './schema-tracker.ts';

/** What the checks after one migration found. */
export interface ValidationReport {
  changes: SchemaChange[];
  after: SchemaSnapshot;
  /** Empty when every check passed. */
  problems: string[];
  /** Rows changed per table by the migration's own statements (inserted, updated or deleted), where the driver reports them. */
  rowsChanged?: Record<string, number>;
}

export interface ValidationOptions {
  rowLoss: boolean;
  foreignKeys: boolean;
  /** dihya-migrate's own tables, left out of snapshots and checks. */
  ownTables: string[];
}

/**
 * Validation around one migration: watches statements that remove rows, then, after `up`, takes
 * the schema snapshot, diffs it with the one before, and runs the data checks (rows lost, foreign
 * key orphans on touched tables, declared not-null and row counts).
 *
 * @example
 * const validation = new MigrationValidation(target, before, options)
 * target.observeStatements(validation.observer)
 * await migration.up(ctx)
 * const report = await validation.finish(trx, migration.checks ?? {})
 */
export class MigrationValidation {
  readonly #options: ValidationOptions;
  readonly #watch: RowRemovalWatch;
  readonly #tracker: SchemaTracker;

  /** The schema before the migration (read-only: the tracker updates it in place once the migration is done). */
  readonly schemaBefore: SchemaSnapshot;

  constructor(target: Target, before: SchemaSnapshot, options: ValidationOptions) {
    this.#options = options;
    this.schemaBefore = before;
    this.#watch = new RowRemovalWatch(before.tables, target.dialect, options.ownTables);
    this.#tracker = new SchemaTracker(target, before, options.ownTables);
  }

  readonly observer: StatementObserver = {
    before: async (sql, connection) => {
      this.#tracker.observe(sql);
      if (this.#options.rowLoss) await this.#watch.observe(sql, connection);
    },
  };

  async finish(db: Kysely<any>, checks: MigrationChecks): Promise<ValidationReport> {
    const { after, changes } = await this.#tracker.snapshotAfter(db);
    const problems: string[] = [];
    if (this.#options.rowLoss) problems.push(...(await checkRowLoss(db, this.#watch.before, after, checks)));
    if (this.#options.foreignKeys) {
      const lower = (names: Iterable<string>) => new Set([...names].map((t) => t.toLowerCase()));
      const changedTables = changes.map((c) => c.table).filter((t): t is string => t !== undefined);
      const children = lower([...changedTables, ...this.#tracker.written]);
      const parents = lower([...this.#watch.before.keys(), ...this.#tracker.rowsChanged]);
      problems.push(...(await checkOrphans(db, after, { children, parents }, checks)));
    }
    problems.push(...(await checkNotNull(db, checks)), ...(await checkRowCounts(db, checks)));
    return { changes, after, problems };
  }
}
