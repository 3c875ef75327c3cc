import { startLockSampler, type LockSampler, type SampledLock } from '../database/lock-sampler.ts';
import { countRows } from '../database/row-counts.ts';
import { diffSchemas } from '../database/schema-diff.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import type { CommittedStep, FailedStep, StepContext } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';

/** The throughput of one backfill on the copy: what to expect of it on production's data. */
export interface BackfillThroughput {
  label: string;
  table: string;
  /** Rows the backfill changed on the copy. */
  rows: number;
  /** Rows per second while it worked (pauses left out). */
  rowsPerSecond: number;
  batches: number;
  /** The longest batch transaction, ms: how long it held row locks at most. */
  longestBatchMs: number;
  durationMs: number;
}

/** What one step of a rehearsal did on the copy. */
export interface RecordedStep {
  version: string;
  name: string;
  direction: 'up' | 'down';
  ok: boolean;
  durationMs: number;
  /** Rows inserted, updated or deleted per table (as the driver reports them; else the change of the row count). */
  rowsChanged: Record<string, number>;
  /** The schema changes, one line each (`+column customers.phone varchar(32) null`). */
  schemaChanges: string[];
  /** PostgreSQL: the table locks the step held, sampled from pg_locks. */
  locks?: SampledLock[];
  /** The step's backfills, for a step that ran any. */
  backfills?: BackfillThroughput[];
  before: SchemaSnapshot;
  after?: SchemaSnapshot;
  countsBefore: Record<string, number>;
  countsAfter?: Record<string, number>;
}

/**
 * The extension a rehearsal attaches to the run on the copy: before each step it reads the schema
 * and row counts and starts sampling locks; after it (committed or failed) it reads them again,
 * and keeps the throughput of the step's backfills (rows, rows/s, batches, longest batch).
 * Nothing of it reaches production.
 *
 * @example
 * const recorder = new StepRecorder(copyTarget, ownTables, 20)
 * await copy.up({ extensions: [recorder] })
 * recorder.steps // [{ version, direction: 'up', durationMs, rowsChanged, schemaChanges, locks }]
 */
export class StepRecorder implements RunExtension {
  readonly name = 'rehearsal';
  readonly steps: RecordedStep[] = [];
  readonly #ownTables: string[];
  readonly #lockSampleMs: number;
  #target: Target | undefined;
  #current: { before: SchemaSnapshot; countsBefore: Record<string, number>; sampler: LockSampler | undefined; started: number } | undefined;

  constructor(ownTables: string[], lockSampleMs: number) {
    this.#ownTables = ownTables;
    this.#lockSampleMs = lockSampleMs;
  }

  async beforeStep(step: StepContext): Promise<void> {
    this.#target = step.run.target;
    const before = await this.#target.snapshotSchema(undefined, this.#ownTables);
    const countsBefore = await countRows(this.#target.db, Object.keys(before.tables));
    const sampler = await startLockSampler(this.#target, this.#lockSampleMs, this.#ownTables);
    this.#current = { before, countsBefore, sampler, started: Date.now() };
  }

  async afterCommit(step: CommittedStep): Promise<void> {
    await this.#finish(step, true, step.durationMs, step.report?.rowsChanged);
    const recorded = this.steps.at(-1);
    if (recorded && step.backfills && step.backfills.length > 0) recorded.backfills = step.backfills.map(throughputOf);
  }

  async onFailure(step: FailedStep): Promise<void> {
    await this.#finish(step, false);
  }

  #withoutOwnTables(rows: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(rows).filter(([table]) => !this.#ownTables.includes(table)));
  }

  async #finish(step: StepContext, ok: boolean, durationMs?: number, reported?: Record<string, number>): Promise<void> {
    const current = this.#current;
    if (!current || !this.#target) return;
    this.#current = undefined;
    const locks = await current.sampler?.stop();
    const after = await this.#target.snapshotSchema(undefined, this.#ownTables);
    const countsAfter = await countRows(this.#target.db, Object.keys(after.tables));
    this.steps.push({
      version: step.migration.version,
      name: step.migration.name,
      direction: step.direction,
      ok,
      durationMs: durationMs ?? Date.now() - current.started,
      rowsChanged: this.#withoutOwnTables(reported && Object.keys(reported).length > 0 ? reported : countChanges(current.countsBefore, countsAfter)),
      schemaChanges: diffSchemas(current.before, after).map((c) => c.summary),
      ...(locks ? { locks } : {}),
      before: current.before,
      after,
      countsBefore: current.countsBefore,
      countsAfter,
    });
  }
}

function throughputOf(result: NonNullable<CommittedStep['backfills']>[number]): BackfillThroughput {
  const workingMs = Math.max(1, result.durationMs - result.pausedMs);
  return {
    label: result.label,
    table: result.table,
    rows: result.rowsThisRun,
    rowsPerSecond: Math.round((result.rowsThisRun * 1000) / workingMs),
    batches: result.batches,
    longestBatchMs: result.longestBatchMs,
    durationMs: result.durationMs,
  };
}

/** Tables whose row count changed, with by how many rows (absolute). */
function countChanges(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const delta = Math.abs((after[table] ?? 0) - (before[table] ?? 0));
    if (delta > 0) changed[table] = delta;
  }
  return changed;
}
