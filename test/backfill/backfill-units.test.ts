import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchSizer, nextBatchSize } from '../../src/backfill/batch-size.ts';
import { BatchTimes } from '../../src/backfill/batch-times.ts';
import { UpperKeys } from '../../src/backfill/upper-keys.ts';
import { Throttle, type PauseReason } from '../../src/backfill/backfill-throttle.ts';
import { resolveBackfillOptions } from '../../src/backfill/backfill-options.ts';
import { CheckpointStore } from '../../src/backfill/backfill-checkpoints.ts';
import { isPausedBySignal, listenForPauseSignal } from '../../src/backfill/pause-signal.ts';
import { TerminalProgress } from '../../src/cli/progress-bar.ts';
import { en } from '../../src/cli/i18n/messages-en.ts';
import { fr } from '../../src/cli/i18n/messages-fr.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { backfillSql } from '../../src/database/backfill-sql.ts';
import { connect } from '../../src/database/connect.ts';
import { sql } from 'kysely';
import { sleep } from '../../src/util/sleep.ts';

describe('backfill batch size', () => {
  const bounds = { targetMs: 500, min: 10, max: 50_000 };
  it('aims below the target: grows at most 1.5x (2x after a short batch), cuts at once after a slow batch, within its bounds', () => {
    expect(nextBatchSize(1000, { ...bounds, tookMs: 100 })).toBe(1500);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 10 })).toBe(2000);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 10, msPerRow: 0.15 })).toBe(1333);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 200 })).toBe(1000);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 400 })).toBe(500);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 2000 })).toBe(100);
    expect(nextBatchSize(1000, { ...bounds, tookMs: 20_000 })).toBe(10);
    expect(nextBatchSize(12, { ...bounds, tookMs: 5000 })).toBe(10);
    expect(nextBatchSize(40_000, { ...bounds, tookMs: 100 })).toBe(50_000);
    expect(nextBatchSize(1000, { ...bounds, aim: 0.6, tookMs: 400 })).toBe(750);
    expect(nextBatchSize(1000, { ...bounds, targetMs: 0, tookMs: 5000 })).toBe(1000);
  });

  it('converges on the size that takes its share (40 %) of the target when each row costs the same, never above it', () => {
    let size = 100;
    const sizes: number[] = [];
    for (let i = 0; i < 12; i++) {
      size = nextBatchSize(size, { ...bounds, tookMs: size * 0.1 });
      sizes.push(size);
    }
    expect(sizes.slice(0, 7)).toEqual([200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(sizes.every((s) => s * 0.1 <= bounds.targetMs * 0.4)).toBe(true);
    expect(size).toBe(2000);
  });

  it('sizes from the slowest recent cost per row, so one lucky batch does not grow the next past the target', () => {
    const sizer = new BatchSizer(10_000, { targetMs: 200, min: 10, max: 50_000 });
    expect(sizer.record(100)).toBe(8000); // 0.01 ms per row: 80 ms is 8,000 rows
    expect(sizer.record(40)).toBe(8000); // cheaper once: still sized at 0.01 ms per row
    expect(sizer.record(400)).toBe(1600); // 0.05 ms per row: cut at once
  });

  it('halves a batch stopped at the statement ceiling, remembering it as slow, down to the minimum', () => {
    const sizer = new BatchSizer(1000, { targetMs: 200, min: 300, max: 50_000 });
    expect(sizer.split(150)).toBe(true);
    expect(sizer.size).toBe(500);
    expect(sizer.record(10)).toBe(533); // sized at the stopped try's 0.15 ms per row, not this batch's 0.02
    expect(sizer.split(150)).toBe(true);
    expect(sizer.size).toBe(300);
    expect(sizer.split(150)).toBe(false);
    expect(sizer.size).toBe(300);
  });

  it('sums up batch times: lock holds (stopped tries included), the longest transaction, p99, over the target', () => {
    const times = new BatchTimes();
    expect(times.summary(200)).toEqual({ longestBatchMs: 0, longestTransactionMs: 0, p99BatchMs: 0, batchesOverTarget: 0, batchesSplit: 0 });
    for (let i = 1; i <= 100; i++) times.committed({ lockMs: i, transactionMs: i + 5 });
    times.stopped({ lockMs: 250.4, transactionMs: 260 });
    expect(times.summary(200)).toEqual({ longestBatchMs: 250, longestTransactionMs: 260, p99BatchMs: 100, batchesOverTarget: 1, batchesSplit: 1 });
    expect(times.summary(0).batchesOverTarget).toBe(0);
  });
});

describe('backfill statement ceiling per dialect', () => {
  it("knows PostgreSQL's statement timeout from another cancel, and has none to stop on MariaDB or SQLite", () => {
    const pg = backfillSql('postgres');
    expect(pg.isStatementTimeout({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe(true);
    expect(pg.isStatementTimeout({ code: '57014', message: 'canceling statement due to user request' })).toBe(false);
    expect(pg.isStatementTimeout({ code: '57014', message: 'annulation de la requête à cause du délai écoulé pour l’exécution de l’instruction' })).toBe(true);
    expect(pg.isStatementTimeout({ code: '55P03', message: 'canceling statement due to lock timeout' })).toBe(false);
    expect(pg.isStatementTimeout(undefined)).toBe(false);
    for (const dialect of ['mysql', 'sqlite'] as const) {
      expect(backfillSql(dialect).isStatementTimeout({ errno: 1969, code: '57014', message: 'statement timeout' })).toBe(false);
    }
    expect(pg.batchAim).toBeLessThan(backfillSql('sqlite').batchAim);
  });
});

describe('backfill upper keys read ahead', () => {
  it('uses a key read ahead only for the batch it was read for, at no more rows than now wanted, and throws its failure only then', async () => {
    const reads: string[] = [];
    const keys = new UpperKeys(async (from, size) => {
      reads.push(`${JSON.stringify(from)}+${size}`);
      if (size === 13) throw new Error('read failed');
      return [Number(from?.[0] ?? 0) + size];
    });
    expect(await keys.next(null, 10)).toEqual([10]);
    const first = [10];
    keys.prefetch(first, 20);
    expect(await keys.next(first, 20)).toEqual([30]); // read ahead, used
    const second = [30];
    keys.prefetch(second, 20);
    expect(await keys.next(second, 5)).toEqual([35]); // the sizer shrank: read again at 5
    keys.prefetch([35], 20);
    expect(await keys.next([35], 20)).toEqual([55]); // another array (a split batch starts elsewhere): read again
    keys.prefetch([55], 13); // fails, unused: no unhandled rejection
    expect(await keys.next([60], 1)).toEqual([61]);
    const failing = [61];
    keys.prefetch(failing, 13);
    await expect(keys.next(failing, 13)).rejects.toThrow('read failed');
    expect(reads).toEqual(['null+10', '[10]+20', '[30]+20', '[30]+5', '[35]+20', '[35]+20', '[55]+13', '[60]+1', '[61]+13']);
  });
});

describe('backfill options', () => {
  it('fills in defaults and refuses what cannot work, naming the field', () => {
    const resolved = resolveBackfillOptions({ table: 'orders', set: { flag: 1 } }, 'm');
    expect(resolved).toMatchObject({ batchSize: 1000, minBatchSize: 10, maxBatchSize: 1_000_000, targetBatchMs: 200, maxPasses: 3 });
    const problem = (options: object) => {
      try {
        resolveBackfillOptions(options as never, 'm');
      } catch (error) {
        if (DihyaError.is(error, 'BACKFILL_OPTIONS_INVALID')) return error.details.field;
      }
      return undefined;
    };
    expect(problem({ table: 'orders' })).toBe('set/update');
    expect(problem({ table: 'orders', set: { a: 1 }, update: () => 0 })).toBe('set/update');
    expect(problem({ table: 'orders', set: {} })).toBe('set');
    expect(problem({ table: 'orders', set: { a: 1 }, batchsize: 5 })).toBe('batchsize');
    expect(problem({ table: 'orders', set: { a: 1 }, throttle: { maxReplicaLagMs: -1 } })).toBe('throttle.maxReplicaLagMs');
    expect(problem({ table: 'orders', set: { a: 1 }, minBatchSize: 100, maxBatchSize: 10 })).toBe('minBatchSize');
  });
});

describe('backfill throttle', () => {
  const dir = () => mkdtempSync(path.join(os.tmpdir(), 'dihya-throttle-'));

  function recorder(pauseFile: string, load: () => { replicaLagMs?: number; threadsRunning?: number } = () => ({})) {
    const seen: string[] = [];
    return {
      seen,
      env: {
        pauseFile,
        serverLoad: async () => load(),
        onPause: (reason: PauseReason) => void seen.push(`pause ${reason}`),
        onUnpause: (reason: PauseReason) => void seen.push(`unpause ${reason}`),
      },
    };
  }

  it('does not wait without a reason', async () => {
    const folder = dir();
    const { seen, env } = recorder(path.join(folder, 'backfill.pause'));
    expect(await new Throttle({ checkEveryMs: 5 }, env).wait()).toBe(0);
    expect(seen).toEqual([]);
    rmSync(folder, { recursive: true });
  });

  it('pauses while the pause file exists, and goes on once it is removed', async () => {
    const folder = dir();
    const file = path.join(folder, 'backfill.pause');
    writeFileSync(file, '');
    const { seen, env } = recorder(file);
    let checks = 0;
    const throttle = new Throttle({ checkEveryMs: 5 }, { ...env, whilePaused: () => void (++checks === 3 && rmSync(file)) });
    await throttle.wait();
    expect(seen).toEqual(['pause pause-file', 'unpause pause-file']);
    expect(checks).toBe(3);
    rmSync(folder, { recursive: true });
  });

  it('pauses after a SIGUSR2 until the next one, listening only while a backfill runs', async () => {
    const folder = dir();
    const { seen, env } = recorder(path.join(folder, 'none'));
    const release = listenForPauseSignal();
    try {
      process.kill(process.pid, 'SIGUSR2');
      while (!isPausedBySignal()) await sleep(5);
      let checks = 0;
      await new Throttle({ checkEveryMs: 5 }, { ...env, whilePaused: () => void (++checks === 2 && process.kill(process.pid, 'SIGUSR2')) }).wait();
      expect(seen).toEqual(['pause signal', 'unpause signal']);
      expect(isPausedBySignal()).toBe(false);
    } finally {
      release();
    }
    expect(process.listenerCount('SIGUSR2')).toBe(0);
    rmSync(folder, { recursive: true });
  });

  it('pauses while the predicate says so, and while replica lag or Threads_running are above their limits', async () => {
    const folder = dir();
    const answers = [true, true, false];
    const predicate = recorder(path.join(folder, 'none'));
    await new Throttle({ checkEveryMs: 5, pauseWhile: () => answers.shift() ?? false }, predicate.env).wait();
    expect(predicate.seen).toEqual(['pause predicate', 'unpause predicate']);
    expect(answers).toEqual([]);

    const lags = [5000, 3000, 10];
    const lag = recorder(path.join(folder, 'none'), () => ({ replicaLagMs: lags.shift() ?? 0 }));
    await new Throttle({ checkEveryMs: 5, maxReplicaLagMs: 1000 }, lag.env).wait();
    expect(lag.seen).toEqual(['pause replica-lag', 'unpause replica-lag']);

    const threads = [80, 3];
    const busy = recorder(path.join(folder, 'none'), () => ({ threadsRunning: threads.shift() ?? 0 }));
    await new Throttle({ checkEveryMs: 5, maxThreadsRunning: 20 }, busy.env).wait();
    expect(busy.seen).toEqual(['pause threads-running', 'unpause threads-running']);
    rmSync(folder, { recursive: true });
  });
});

describe('backfill progress on a terminal', () => {
  function stream(isTTY: boolean) {
    let written = '';
    const s = Object.assign(
      { write: (chunk: string) => ((written += chunk), true), on: () => s, once: () => s, emit: () => true, removeListener: () => s },
      { isTTY, columns: 160 },
    );
    return { s, text: () => written };
  }
  const event = { type: 'progress', task: 'backfill counters', phase: 'rows', done: 1200, total: 5000, unit: 'rows', perSecond: 3400, etaSeconds: 12 } as const;

  it('shows rows, rate and time left on a TTY, in English and French, and nothing elsewhere', () => {
    for (const [m, rate, eta] of [
      [en, '3400 rows/s', 'ETA 12 s'],
      [fr, '3400 lignes/s', 'reste 12 s'],
    ] as const) {
      const tty = stream(true);
      const display = new TerminalProgress(tty.s as never, { ...m.monitor.progressDisplay, rate: m.backfill.rate, eta: m.backfill.eta });
      display.handle(event);
      display.stop();
      expect(tty.text()).toContain('1200 / 5000 rows');
      expect(tty.text()).toContain(rate);
      expect(tty.text()).toContain(eta);
    }
    const pipe = stream(false);
    const display = new TerminalProgress(pipe.s as never, { ...en.monitor.progressDisplay, rate: en.backfill.rate, eta: en.backfill.eta });
    display.handle(event);
    display.stop();
    expect(pipe.text()).toBe('');
  });
});

describe('backfill checkpoints', () => {
  it('writes a batch only over the checkpoint it started from: a run whose checkpoint moved on gets false', async () => {
    const target = await connect(`sqlite:${path.join(mkdtempSync(path.join(os.tmpdir(), 'dihya-checkpoints-')), 'c.db')}`);
    try {
      await sql`create table c (version varchar(255) not null, direction varchar(4) not null, label varchar(128) not null, last_key text,
        rows_done bigint not null, rows_total bigint not null, batches integer not null, passes integer not null, status varchar(16) not null,
        started_at varchar(32) not null, updated_at varchar(32) not null, primary key (version, direction, label))`.execute(target.db);
      const store = new CheckpointStore('c');
      const id = { version: '1', direction: 'up', label: 't' } as const;
      await store.create(target.db, id, 30);
      expect(await store.advance(target.db, id, { lastKey: [10], rows: 10, expectedBatches: 0 })).toBe(true);
      // A second runner that still believes no batch was done cannot record its copy of the first batch.
      expect(await store.advance(target.db, id, { lastKey: [10], rows: 10, expectedBatches: 0 })).toBe(false);
      expect(await store.advance(target.db, id, { lastKey: [20], rows: 10, expectedBatches: 1 })).toBe(true);
      expect(await store.read(target.db, id)).toMatchObject({ lastKey: [20], rowsDone: 20, batches: 2, status: 'running' });
    } finally {
      await target.close();
    }
  });
});

describe('backfill key ranges', () => {
  it('selects the same composite-key range in the row-value form and the spelt-out (MariaDB) form', async () => {
    const target = await connect(`sqlite:${path.join(mkdtempSync(path.join(os.tmpdir(), 'dihya-keys-')), 'k.db')}`);
    try {
      await sql`create table k (a integer not null, b integer not null, primary key (a, b))`.execute(target.db);
      for (const a of [1, 2, 3]) for (const b of [1, 2, 3]) await sql`insert into k values (${a}, ${b})`.execute(target.db);
      for (const dialect of ['sqlite', 'postgres', 'mysql'] as const) {
        const keys = backfillSql(dialect);
        const { rows } = await sql<{ a: number; b: number }>`select a, b from k
          where ${keys.keyAfter(['a', 'b'], [2, 1])} and ${keys.keyAtMost(['a', 'b'], [3, 2])} order by a, b`.execute(target.db);
        expect(rows.map((r) => `${r.a}${r.b}`)).toEqual(['22', '23', '31', '32']);
      }
    } finally {
      await target.close();
    }
  });
});
