import type { Kysely } from 'kysely';
import type { AuditEventMap } from '../audit/audit-events.ts';
import type { Target } from '../database/target.ts';

/** The backfill audit events. */
export type BackfillAuditEvent = Extract<keyof AuditEventMap, `backfill.${string}`>;

/** Where a backfill is, for a progress display and `--json` events. */
export interface BackfillProgress {
  label: string;
  table: string;
  /** `rows` while batches run, `paused`, `checking` (the final check), `done`. */
  phase: 'rows' | 'paused' | 'checking' | 'done';
  done: number;
  total: number;
  /** Rows per second over the last batches, and the time left at that rate (seconds), once known. */
  rowsPerSecond?: number;
  etaSeconds?: number;
}

/**
 * What a backfill needs from the run it belongs to, built by the step that runs it (the
 * pipeline), so this folder knows nothing of the runner: the target, its own tables, the
 * migration, how to open a batch transaction and how to report.
 *
 * @example
 * const session = new BackfillSession(environment)
 * await session.backfill({ table: 'orders', set: { flag: 1 } })
 */
export interface BackfillEnvironment {
  target: Target;
  /** The history table (its row's `progress` is updated with each batch) and the checkpoints table. */
  historyTable: string;
  checkpointsTable: string;
  version: string;
  /** The migration's full name (`20260101000000_fill_totals`). */
  name: string;
  direction: 'up' | 'down';
  /** True when this step goes on with a backfill a crash or failure cut short (its checkpoints are kept). */
  resuming: boolean;
  /** While this file exists, backfills pause. */
  pauseFile: string;
  /**
   * Runs one batch in its own short transaction (PostgreSQL lock_timeout with retries); `start`
   * opens it instead of the lock_timeout SET, given the run's lock wait limit.
   */
  inBatchTransaction(work: (trx: Kysely<any>) => Promise<void>, start?: (trx: Kysely<any>, lockTimeoutMs: number) => Promise<void>): Promise<void>;
  /** Runs `work` without the step's statement guard (batches are not the migration's own, unguarded statements). */
  unguarded<T>(work: () => Promise<T>): Promise<T>;
  audit<E extends BackfillAuditEvent>(event: E, details: AuditEventMap[E]): Promise<void>;
  progress(progress: BackfillProgress): void;
  /** Called between batches (at most every second) and while paused: throws when the run must stop (lock lost). */
  checkStillOurs(): Promise<void>;
}
