import { sql, type Kysely, type RawBuilder } from 'kysely';
import { backfillSql, type BackfillSql } from '../database/backfill-sql.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { BatchSizer } from './batch-size.ts';
import { BatchTimes } from './batch-times.ts';
import { CheckpointStore, type Checkpoint, type CheckpointId } from './backfill-checkpoints.ts';
import type { BackfillEnvironment } from './backfill-environment.ts';
import type { ResolvedBackfill } from './backfill-options.ts';
import { Throttle } from './backfill-throttle.ts';
import { listenForPauseSignal } from './pause-signal.ts';
import { UpperKeys } from './upper-keys.ts';

/** How often, at most, the run's lock is checked and the history row's progress written between batches, ms. */
const BOOKKEEPING_EVERY_MS = 1000;
/** Below this many rows (by the catalog's estimate), the total is counted exactly. */
const COUNT_BELOW_ROWS = 100_000;

/** What one backfill did in this run (and before, when it resumed). */
export interface BackfillResult {
  label: string;
  table: string;
  /** Rows changed in all, this run and the runs it resumed. */
  rowsDone: number;
  /** Rows changed by this run. */
  rowsThisRun: number;
  batches: number;
  passes: number;
  /** True when it went on from a checkpoint; `skipped` when it had already finished. */
  resumed: boolean;
  skipped: boolean;
  durationMs: number;
  /** The longest a batch held its row locks, ms: from its UPDATE sent to its COMMIT acknowledged. */
  longestBatchMs: number;
  /** The longest batch transaction, BEGIN to COMMIT acknowledged, ms (its start holds no row lock). */
  longestTransactionMs: number;
  /** This run's batches that held their locks longer than `targetBatchMs` (0 with a fixed size), and the 99th percentile of those lock holds, ms. */
  batchesOverTarget: number;
  p99BatchMs: number;
  /** Batches stopped at their statement ceiling and tried again in half as many rows (each stopped try counts in the figures above). */
  batchesSplit: number;
  pausedMs: number;
  /** The batch size it ended with. */
  finalBatchSize: number;
}

/**
 * Runs one backfill to its end: walks the table by key ranges, one batch per short transaction
 * (the rows of `key > last and key <= upper`, where `upper` is the key `batchSize` rows further,
 * read just before the transaction: it locks no row), and in that same transaction records the
 * batch's last key and row count in the checkpoint and (at most every second) the history row's
 * progress. The checkpoint write only applies over the checkpoint the batch started from, so a
 * run that lost its lock cannot commit a batch twice. A crash at any moment leaves either the
 * batch and its checkpoint, or neither: the next run goes on from the checkpoint and no row is
 * updated twice or skipped.
 *
 * Per batch, in the transaction: BEGIN, the dialect's settings (PostgreSQL: lock_timeout and
 * synchronous_commit off, one round trip), the UPDATE, the checkpoint, COMMIT. That COMMIT
 * overlaps the next batch's key read and UPDATE; the next batch waits for it before writing its
 * own checkpoint (and fails if it failed), so the committed batches are always a prefix of the
 * walk. The lock is checked between batches at most every second; the total is the catalog's
 * estimate for a big table walked whole. Between batches the size moves toward the dialect's
 * share of `targetBatchMs` (see BatchSizer); a batch whose statement runs into the dialect's
 * ceiling (PostgreSQL statement_timeout) is rolled back and its rows tried again in half as
 * many, so no batch holds its locks much past the target. And the
 * throttle may pause (SIGUSR2, the pause file, the server's load). After the walk, rows still
 * matching `where` (written meanwhile by old code) start another pass, up to `maxPasses`, then
 * BACKFILL_ROWS_LEFT.
 *
 * @example
 * const result = await runBackfill(environment, resolveBackfillOptions({ table: 't', set: { n: sql`n + 1` } }, name), 't')
 */
export async function runBackfill(env: BackfillEnvironment, options: ResolvedBackfill, label: string): Promise<BackfillResult> {
  const started = performance.now();
  const { target } = env;
  const dialectSql = backfillSql(target.dialect);
  const key = await resolveKey(env, options);
  const store = new CheckpointStore(env.checkpointsTable);
  const id: CheckpointId = { version: env.version, direction: env.direction, label };
  const entry = { version: env.version, name: env.name, direction: env.direction, label, table: options.table };
  const where = asCondition(options.where);
  const remaining = asCondition(options.remaining);

  let checkpoint = await store.read(target.db, id);
  const resumed = checkpoint !== undefined;
  if (checkpoint?.status === 'done') {
    return {
      label,
      table: options.table,
      rowsDone: checkpoint.rowsDone,
      rowsThisRun: 0,
      batches: checkpoint.batches,
      passes: checkpoint.passes,
      resumed,
      skipped: true,
      durationMs: 0,
      ...new BatchTimes().summary(0),
      pausedMs: 0,
      finalBatchSize: options.batchSize,
    };
  }
  if (!checkpoint) {
    const rowsTotal = await estimateTotal(target.db, dialectSql, options.table, where);
    checkpoint = await store.create(target.db, id, rowsTotal);
    await env.audit('backfill.started', { ...entry, rowsTotal, batchSize: options.batchSize });
  } else {
    await env.audit('backfill.resumed', { ...entry, rowsDone: checkpoint.rowsDone, rowsTotal: checkpoint.rowsTotal, batches: checkpoint.batches });
  }

  let rowsDone = checkpoint.rowsDone;
  let batches = checkpoint.batches;
  let rowsThisRun = 0;
  const sizer = new BatchSizer(options.batchSize, {
    targetMs: options.targetBatchMs,
    min: options.minBatchSize,
    max: options.maxBatchSize,
    aim: dialectSql.batchAim,
  });
  // The batch statement's ceiling (none with a fixed size): a batch stopped there is tried again in half as many rows.
  const ceilingMs = options.targetBatchMs > 0 ? await dialectSql.statementTimeoutMs(target.db, options.targetBatchMs) : undefined;
  const times = new BatchTimes();
  let pausedMs = 0;
  const total = () => Math.max(checkpoint.rowsTotal, rowsDone);
  const report = (phase: 'rows' | 'paused' | 'checking' | 'done') => {
    const workingSeconds = (performance.now() - started - pausedMs) / 1000;
    const rate = workingSeconds > 0 && rowsThisRun > 0 ? rowsThisRun / workingSeconds : undefined;
    env.progress({
      label,
      table: options.table,
      phase,
      done: rowsDone,
      total: total(),
      ...(rate ? { rowsPerSecond: Math.round(rate), etaSeconds: Math.max(0, Math.round((total() - rowsDone) / rate)) } : {}),
    });
  };
  const throttle = new Throttle(options.throttle, {
    serverLoad: () => dialectSql.serverLoad(target.db),
    pauseFile: env.pauseFile,
    onPause: async (reason) => {
      // The batches before the pause are committed before it is reported.
      await settle();
      report('paused');
      await env.audit('backfill.paused', { ...entry, reason, rowsDone });
    },
    onUnpause: (reason, ms) => env.audit('backfill.unpaused', { ...entry, reason, rowsDone, pausedMs: ms }),
    whilePaused: () => env.checkStillOurs(),
  });

  let passes = checkpoint.passes;
  let lastKey = checkpoint.lastKey;
  let walked = checkpoint.status === 'walked';
  // The batch counter the checkpoint must still have: a batch whose checkpoint moved meanwhile (another run) rolls back.
  let expectedBatches = checkpoint.batches;
  let bookkeptAt = performance.now();
  // The COMMIT of the last batch, still on its way while the next one starts; and what is committed for sure.
  let inFlight: Promise<void> | undefined;
  let lastCommitMs = 0;
  let rowsCommitted = checkpoint.rowsDone;
  const settle = async () => {
    const last = inFlight;
    inFlight = undefined;
    await last;
  };
  const upperKeys = new UpperKeys((from, size) => upperKey(target.db, { table: options.table, key, dialectSql, from, size }));
  const releaseSignal = listenForPauseSignal();
  try {
    for (;;) {
      // One walk, outside the step's statement guard (batches are not the migration's own statements).
      await env.unguarded(async () => {
        while (!walked) {
          pausedMs += await throttle.wait();
          // The lock, and the history row's progress (a display: the checkpoint is exact), at most every second.
          const bookkeeping = performance.now() - bookkeptAt >= BOOKKEEPING_EVERY_MS;
          if (bookkeeping) {
            await env.checkStillOurs();
            bookkeptAt = performance.now();
          }
          const from = lastKey;
          const upper = await upperKeys.next(from, sizer.size);
          const batchStarted = performance.now();
          // When the batch's UPDATE is sent: its row locks are held from there to its COMMIT (or rollback).
          let lockedAt = Number.NaN;
          const timeNow = (): { lockMs: number; transactionMs: number } => {
            const now = performance.now();
            return { lockMs: now - (Number.isNaN(lockedAt) ? batchStarted : lockedAt), transactionMs: now - batchStarted };
          };
          // At the smallest size a batch can no longer be split: it runs without the ceiling.
          const statementTimeoutMs = sizer.size > options.minBatchSize ? ceilingMs : undefined;
          const startBatch = (trx: Kysely<any>, lockTimeoutMs: number) => dialectSql.startBatch(trx, { lockTimeoutMs, statementTimeoutMs });
          const previous = inFlight;
          const expected = expectedBatches;
          let rows = 0;
          // The batch before failed (its COMMIT, say, stopped at the ceiling): not this batch's to split.
          let previousFailed = false;
          let statementsDone: () => void = () => undefined;
          const ready = new Promise<void>((resolve) => (statementsDone = resolve));
          const committed = env.inBatchTransaction(async (trx) => {
            lockedAt = performance.now();
            rows = await runBatch(trx, { options, key, where, dialectSql, from, upper });
            // The batch before commits first (its COMMIT overlapped this batch's read and UPDATE); if it failed, so does this one.
            await previous?.catch((error: unknown) => {
              previousFailed = true;
              throw error;
            });
            const moved = await store.advance(trx, id, { lastKey: upper, rows, expectedBatches: expected });
            if (!moved) throw new DihyaError('LOCK_LOST', { holder: 'another run (the backfill checkpoint moved on)', cause: 'session' });
            if (bookkeeping || upper === null) {
              const done = rowsCommitted + rows;
              await writeProgress(trx, env, { label, done, total: Math.max(checkpoint.rowsTotal, done) });
            }
            statementsDone();
          }, startBatch);
          // Settled once it is awaited (by the next batch, a pause or the end of the walk); no unhandled rejection meanwhile.
          committed.catch(() => undefined);
          // The next batch's key is read while this one runs (on another connection, where there is one).
          if (upper !== null) upperKeys.prefetch(upper, sizer.size);
          try {
            await Promise.race([ready, committed]);
          } catch (error) {
            // Stopped at the ceiling and rolled back: the same rows again, in half as many (the stopped try held its locks too).
            const stopped = timeNow();
            if (previousFailed || !dialectSql.isStatementTimeout(error) || !sizer.split(stopped.lockMs)) throw error;
            times.stopped(stopped);
            continue;
          }
          const readyMs = timeNow().lockMs;
          inFlight = committed.then(() => {
            const time = timeNow();
            times.committed(time);
            lastCommitMs = time.lockMs - readyMs;
            rowsCommitted += rows;
          });
          inFlight.catch(() => undefined);
          rowsDone += rows;
          rowsThisRun += rows;
          batches++;
          expectedBatches++;
          lastKey = upper;
          walked = lastKey === null;
          // Its COMMIT is still on its way: sized by its lock hold so far and the last COMMIT's.
          sizer.record(readyMs + lastCommitMs);
          report('rows');
        }
        await settle();
      });
      report('checking');
      const left = remaining === undefined ? 0 : await countMatching(target.db, options.table, where ? sql`${where} and ${remaining}` : remaining);
      if (left === 0) break;
      if (passes >= options.maxPasses) {
        throw new DihyaError('BACKFILL_ROWS_LEFT', { name: env.name, label, rows: left, passes });
      }
      await store.nextPass(target.db, id);
      passes++;
      lastKey = null;
      walked = false;
    }
  } catch (error) {
    await settle().catch(() => undefined);
    if (error instanceof DihyaError && (error.code === 'BACKFILL_ROWS_LEFT' || error.code === 'LOCK_LOST')) throw error;
    throw new DihyaError('BACKFILL_FAILED', { name: env.name, label, reason: reasonOf(error), done: rowsCommitted }, { cause: error });
  } finally {
    releaseSignal();
  }
  await store.finish(target.db, id);
  const durationMs = Math.round(performance.now() - started);
  const summary = times.summary(options.targetBatchMs);
  await env.audit('backfill.finished', { ...entry, rowsDone, batches, passes, durationMs, longestBatchMs: summary.longestBatchMs });
  report('done');
  return {
    label,
    table: options.table,
    rowsDone,
    rowsThisRun,
    batches,
    passes,
    resumed,
    skipped: false,
    durationMs,
    ...summary,
    pausedMs,
    finalBatchSize: sizer.size,
  };
}

/**
 * The key `size` rows after `from` (null: fewer are left, the batch goes to the end). Read before
 * the batch's transaction: it takes no row lock, and the range `(from, upper]` it gives is what
 * the batch and its checkpoint cover, whatever is inserted in it meanwhile.
 */
async function upperKey(
  db: Kysely<any>,
  batch: { table: string; key: string[]; dialectSql: BackfillSql; from: unknown[] | null; size: number },
): Promise<unknown[] | null> {
  const { table, key, dialectSql, from, size } = batch;
  let probe = db.selectFrom(table).select(key.map((c) => sql.ref(c).as(c)));
  if (from !== null) probe = probe.where(dialectSql.keyAfter(key, from));
  for (const column of key) probe = probe.orderBy(sql.ref(column));
  const found = await probe
    .limit(1)
    .offset(size - 1)
    .executeTakeFirst();
  return found ? key.map((c) => plain((found as Record<string, unknown>)[c])) : null;
}

/** One batch, in its transaction: changes the rows of `(from, upper]` matching `where`; returns how many. */
async function runBatch(
  trx: Kysely<any>,
  batch: {
    options: ResolvedBackfill;
    key: string[];
    where: RawBuilder<unknown> | undefined;
    dialectSql: BackfillSql;
    from: unknown[] | null;
    upper: unknown[] | null;
  },
): Promise<number> {
  const { options, key, where, dialectSql, from, upper } = batch;
  const after = from === null ? undefined : dialectSql.keyAfter(key, from);
  const conditions = [after, upper ? dialectSql.keyAtMost(key, upper) : undefined, where].filter((c) => c !== undefined);
  const rows = conditions.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`${sql.join(conditions, sql` and `)}`;
  if (options.set) {
    const result = await trx.updateTable(options.table).set(options.set).where(rows).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
  const changed = await options.update!({ db: trx, rows, from, to: upper });
  return typeof changed === 'number' ? changed : 0;
}

/** A key value as JSON keeps it (bigint and Date as text, which every dialect compares back). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

function asCondition(condition: string | RawBuilder<unknown> | undefined): RawBuilder<unknown> | undefined {
  if (condition === undefined) return undefined;
  return typeof condition === 'string' ? sql.raw(`(${condition})`) : sql`(${condition})`;
}

/** Rows the backfill expects: the catalog's estimate of a big table walked whole (no scan), else a count. */
async function estimateTotal(db: Kysely<any>, dialectSql: BackfillSql, table: string, where: RawBuilder<unknown> | undefined): Promise<number> {
  if (where === undefined) {
    const estimate = await dialectSql.estimateRows(db, table);
    if (estimate !== undefined && estimate >= COUNT_BELOW_ROWS) return estimate;
  }
  return countMatching(db, table, where);
}

async function countMatching(db: Kysely<any>, table: string, where: RawBuilder<unknown> | undefined): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}${where ? sql` where ${where}` : sql``}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The history row's `progress` (JSON), updated in the batch's transaction. */
async function writeProgress(trx: Kysely<any>, env: BackfillEnvironment, progress: { label: string; done: number; total: number }): Promise<void> {
  const value = JSON.stringify({ direction: env.direction, ...progress });
  await sql`update ${sql.table(env.historyTable)} set progress = ${value} where version = ${env.version}`.execute(trx);
}

/** The key to walk by: the one given (its columns must exist), else the table's primary key. */
async function resolveKey(env: BackfillEnvironment, options: ResolvedBackfill): Promise<string[]> {
  const snapshot = await env.target.snapshotSchema(undefined, [], [options.table]);
  const table = snapshot.tables[options.table] ?? Object.values(snapshot.tables)[0];
  const invalid = (field: string, problem: string) => new DihyaError('BACKFILL_OPTIONS_INVALID', { name: env.name, field, problem });
  if (!table) throw invalid('table', `${options.table} does not exist`);
  const key = options.key ?? table.primaryKey;
  if (key.length === 0) throw invalid('key', `is needed: ${options.table} has no primary key`);
  const missing = key.find((c) => !(c in table.columns));
  if (missing) throw invalid('key', `names ${missing}, not a column of ${options.table}`);
  return key;
}

export type { Checkpoint };
