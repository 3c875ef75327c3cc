import type { Kysely, RawBuilder } from 'kysely';
import { z } from 'zod';
import { DihyaError } from '../errors/dihya-error.ts';
import { once } from '../util/once.ts';

/** One batch of a backfill, for an `update` callback: its transaction and the rows it covers. */
export interface BackfillBatch {
  /** Kysely bound to the batch's own transaction (its checkpoint commits with it). */
  db: Kysely<any>;
  /** The batch's rows: `key > from and key <= to` (and the backfill's `where`), to put in the callback's WHERE. */
  rows: RawBuilder<boolean>;
  /** The last key of the previous batch (null for the first), and this batch's last key (null for the last batch: to the end). */
  from: unknown[] | null;
  to: unknown[] | null;
}

/** When to pause between batches. Checked every `checkEveryMs` (default 1000). */
export interface BackfillThrottle {
  /** Pause while a PostgreSQL replica's replay lag (`pg_stat_replication`) exceeds this, ms. */
  maxReplicaLagMs?: number;
  /** Pause while MariaDB/MySQL `Threads_running` exceeds this. */
  maxThreadsRunning?: number;
  /** Pause while this returns true (your own load signal). */
  pauseWhile?: () => boolean | Promise<boolean>;
  /** How often the server's load (and `pauseWhile`) is asked, and how long a pause sleeps between checks, ms. */
  checkEveryMs?: number;
}

/**
 * What `backfill()` does: which rows of which table, what to write, and how gently.
 *
 * @example
 * await backfill({ table: 'orders', set: { total_cents: sql`round(total * 100)` }, where: 'total_cents is null', targetBatchMs: 200 })
 */
export interface BackfillOptions {
  table: string;
  /** The key to walk by (unique, ordered): default the table's primary key; several columns for a composite key. */
  key?: string | string[];
  /** Columns to write, each a value or an SQL expression (`sql\`n + 1\``), applied to every row of a batch. */
  set?: Record<string, unknown>;
  /** Instead of `set`: your own statements per batch, in its transaction; return the rows changed (counted as done). */
  update?: (batch: BackfillBatch) => Promise<number | void> | number | void;
  /** Only rows matching this condition (SQL text or `sql\`…\``). */
  where?: string | RawBuilder<unknown>;
  /**
   * True of a row not processed yet (e.g. `total_cents is null`): the final check. Once the walk is
   * over, rows still matching it (written meanwhile by old code) start another pass over the
   * table, up to `maxPasses`, then BACKFILL_ROWS_LEFT. Without it there is no final check.
   */
  remaining?: string | RawBuilder<unknown>;
  /** Rows in the first batch (default 1000). */
  batchSize?: number;
  /** Batch size bounds while adapting (default 10, or less when `batchSize` is, and 1,000,000). */
  minBatchSize?: number;
  maxBatchSize?: number;
  /**
   * How long a batch may hold its row locks (its UPDATE to its COMMIT), ms (default 200): a
   * ceiling. The size adapts to take a share of it (40 % on PostgreSQL, 50 % on MariaDB/MySQL and
   * SQLite), so noise stays under it; on PostgreSQL a batch whose statement still runs into
   * `statement_timeout` at 60 % of it is rolled back and tried again in half as many rows (an
   * `update` callback is then called again for the smaller range). 0 keeps `batchSize` fixed.
   */
  targetBatchMs?: number;
  throttle?: BackfillThrottle;
  /** Names this backfill in its checkpoint, the audit and `status` (default the table, `table#2` for a second one on it). */
  label?: string;
  /** Passes over the table while rows matching `remaining` are left; default 3. */
  maxPasses?: number;
}

/** The options once checked, with their defaults. */
export interface ResolvedBackfill {
  table: string;
  key: string[] | undefined;
  set: Record<string, unknown> | undefined;
  update: BackfillOptions['update'];
  where: RawBuilder<unknown> | string | undefined;
  remaining: RawBuilder<unknown> | string | undefined;
  batchSize: number;
  minBatchSize: number;
  maxBatchSize: number;
  targetBatchMs: number;
  throttle: BackfillThrottle & { checkEveryMs: number };
  label: string | undefined;
  maxPasses: number;
}

/** The shape of `backfill()`'s options, built on first use (zod schemas take milliseconds to build). */
const optionsSchema = once(() => {
  const positive = z.number().int().positive();
  const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');
  const column = z.string().trim().min(1);

  const condition = z.union([
    z.string().trim().min(1),
    z.custom<RawBuilder<unknown>>((v) => typeof v === 'object' && v !== null && 'toOperationNode' in v, 'must be SQL text or sql`…`'),
  ]);

  return z.strictObject({
    table: z.string().trim().min(1),
    key: z.union([column, z.array(column).min(1)]).optional(),
    set: z
      .record(z.string(), z.unknown())
      .refine((s) => Object.keys(s).length > 0, 'must name at least one column')
      .optional(),
    update: fn.optional(),
    where: condition.optional(),
    remaining: condition.optional(),
    batchSize: positive.optional(),
    minBatchSize: positive.optional(),
    maxBatchSize: positive.optional(),
    targetBatchMs: z.number().int().min(0).optional(),
    throttle: z
      .strictObject({
        maxReplicaLagMs: z.number().nonnegative().optional(),
        maxThreadsRunning: positive.optional(),
        pauseWhile: fn.optional(),
        checkEveryMs: positive.optional(),
      })
      .optional(),
    label: z
      .string()
      .regex(/^[\w.#:-]{1,128}$/)
      .optional(),
    maxPasses: positive.optional(),
  });
});

/**
 * Checks `backfill()`'s options and fills in the defaults; a problem is BACKFILL_OPTIONS_INVALID
 * naming the migration and the field.
 *
 * @example
 * resolveBackfillOptions({ table: 'orders', set: { flag: 1 } }, '20260101000000_flag').batchSize // 1000
 */
export function resolveBackfillOptions(options: BackfillOptions, migration: string): ResolvedBackfill {
  const parsed = optionsSchema().safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || 'options';
    throw new DihyaError('BACKFILL_OPTIONS_INVALID', {
      name: migration,
      field,
      problem: issue.code === 'unrecognized_keys' ? 'is not an option' : issue.message,
    });
  }
  if ((options.set === undefined) === (options.update === undefined)) {
    throw new DihyaError('BACKFILL_OPTIONS_INVALID', { name: migration, field: 'set/update', problem: 'exactly one of them must be given' });
  }
  const minBatchSize = options.minBatchSize ?? Math.min(10, options.batchSize ?? 10);
  const maxBatchSize = options.maxBatchSize ?? Math.max(1_000_000, options.batchSize ?? 0);
  if (minBatchSize > maxBatchSize)
    throw new DihyaError('BACKFILL_OPTIONS_INVALID', { name: migration, field: 'minBatchSize', problem: 'is above maxBatchSize' });
  return {
    table: options.table,
    key: options.key === undefined ? undefined : [options.key].flat(),
    set: options.set,
    update: options.update,
    where: options.where,
    remaining: options.remaining,
    batchSize: Math.min(maxBatchSize, Math.max(minBatchSize, options.batchSize ?? 1000)),
    minBatchSize,
    maxBatchSize,
    targetBatchMs: options.targetBatchMs ?? 200,
    throttle: { ...options.throttle, checkEveryMs: options.throttle?.checkEveryMs ?? 1000 },
    label: options.label,
    maxPasses: options.maxPasses ?? 3,
  };
}
