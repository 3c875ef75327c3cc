import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import { startLockSampler } from '../src/database/lock-sampler.ts';
import type { Target } from '../src/database/target.ts';
import { DihyaError } from '../src/errors/dihya-error.ts';
import { createScratchDatabase, DIALECTS, testsOn, withMysql, withPg, type ScratchDatabase } from './helpers/databases.ts';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as DihyaError,
  );
const LOCK = { timeoutMs: 300, leaseMs: 5_000, table: 'dihya_cov_lock' };

describe.each(DIALECTS)('migration lock edges on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let first: Target;
  let second: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    first = await connect(scratch.url);
    second = await connect(scratch.url);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await scratch?.drop();
  });

  it('a second run waits, then is LOCK_HELD naming the holder; it gets the lock once released', async () => {
    const held = await first.acquireLock(LOCK);
    const error = await failure(second.acquireLock(LOCK));
    expect(error!.code).toBe('LOCK_HELD');
    expect(error!.message).toContain(
      dialect === 'sqlite' ? `pid ${process.pid} on ${os.hostname()}` : dialect === 'postgres' ? 'postgres session' : 'connection ',
    );
    await held.assertHeld();
    await held.release();
    const next = await second.acquireLock(LOCK);
    await next.release();
  });

  it('a lock whose session (or lease) was taken away is LOCK_LOST; releasing it then is harmless', async () => {
    const held = await first.acquireLock(LOCK);
    const pid = /(\d+)/.exec(held.holder)![1];
    if (dialect === 'postgres') await withPg((c) => c.query('select pg_terminate_backend($1)', [Number(pid)]));
    else if (dialect === 'mysql') await withMysql((c) => c.query(`kill ${Number(pid)}`));
    else await sql.raw(`update ${LOCK.table}_lock set owner = 'someone-else', pid = 1, host = 'other-host'`).execute(first.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const error = await failure(held.assertHeld());
    expect(error!.code).toBe('LOCK_LOST');
    expect(error!.message).toContain(dialect === 'sqlite' ? 'pid 1 on other-host' : 'nobody');
    await expect(held.release()).resolves.toBeUndefined();
    await expect(held.assertHeld()).rejects.toThrow();
    if (dialect === 'sqlite') await sql.raw(`delete from ${LOCK.table}_lock`).execute(first.db);
  });
});

describe.runIf(testsOn('sqlite'))('SQLite lease takeover', () => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase('sqlite');
    target = await connect(scratch.url);
    await (await target.acquireLock(LOCK)).release();
  });
  afterAll(async () => {
    await target?.close();
    await scratch?.drop();
  });
  const row = (host: string, pid: number, expiresAt: number) =>
    sql
      .raw(`insert or replace into ${LOCK.table}_lock (id, owner, host, pid, acquired_at, expires_at) values (1, 'x', '${host}', ${pid}, '', ${expiresAt})`)
      .execute(target.db);

  it('takes over a lease of a process gone on this host, or expired on another host; waits for a live one elsewhere', async () => {
    await row(os.hostname(), 2 ** 22 + 4321, Date.now() + 60_000);
    await (await target.acquireLock(LOCK)).release();
    await row('other-host', 1, Date.now() - 1);
    await (await target.acquireLock(LOCK)).release();
    await row('other-host', 1, Date.now() + 60_000);
    const error = await failure(target.acquireLock(LOCK));
    expect(error!.code).toBe('LOCK_HELD');
    expect(error!.message).toContain('pid 1 on other-host');
  });

  it('a lease row removed under the holder is LOCK_LOST held by nobody', async () => {
    await sql.raw(`delete from ${LOCK.table}_lock`).execute(target.db);
    const held = await target.acquireLock(LOCK);
    await sql.raw(`delete from ${LOCK.table}_lock`).execute(target.db);
    const error = await failure(held.assertHeld());
    expect(error!.message).toContain('nobody');
    await held.release();
  });
});

describe('lock sampler', () => {
  it.runIf(testsOn('sqlite'))('has nothing to sample on SQLite', async () => {
    const scratch = await createScratchDatabase('sqlite');
    const target = await connect(scratch.url);
    try {
      expect(await startLockSampler(target, 20)).toBeUndefined();
    } finally {
      await target.close();
      await scratch.drop();
    }
  });

  it.runIf(testsOn('postgres'))('sees the table locks other sessions hold on PostgreSQL, leaving out the ignored tables', async () => {
    const scratch = await createScratchDatabase('postgres');
    const target = await connect(scratch.url);
    try {
      await sql.raw('create table busy (id int); create table quiet (id int)').execute(target.db);
      const sampler = (await startLockSampler(target, 20, ['quiet']))!;
      await withPg(async (c) => {
        await c.query('begin');
        await c.query('lock table busy in share mode');
        await c.query('lock table quiet in share mode');
        await new Promise((resolve) => setTimeout(resolve, 150));
        await c.query('rollback');
      }, scratch.url);
      const locks = await sampler.stop();
      expect(locks).toContainEqual(expect.objectContaining({ table: 'busy', mode: 'ShareLock', granted: true }));
      expect(locks.find((l) => l.table === 'busy')!.heldMs).toBeGreaterThanOrEqual(20);
      expect(locks.map((l) => l.table)).not.toContain('quiet');
    } finally {
      await target.close();
      await scratch.drop();
    }
  });
});
