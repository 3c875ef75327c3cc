import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { DihyaError } from '../../../errors/dihya-error.ts';
import type { LockHandle, LockOptions } from '../../target.ts';
import { pollForLock } from '../../poll-for-lock.ts';
import { ShapedQueries } from '../../shaped-queries.ts';

interface LockRow {
  owner: string;
  host: string;
  pid: number;
  expires_at: number;
}

/**
 * SQLite has no session locks, so the lock is a row with a lease in `<table>_lock`,
 * taken inside `BEGIN IMMEDIATE`. A holder that is gone (dead pid on this host, or an
 * expired lease from another host) is taken over; a live holder is waited for.
 * A heartbeat renews the lease while the run goes on.
 *
 * @example
 * const lock = await acquireSqliteLock(db, { table: 'dihya_migrations', timeoutMs: 10_000, leaseMs: 30_000 })
 * try { ... } finally { await lock.release() }
 */
export async function acquireSqliteLock(db: Kysely<any>, options: LockOptions): Promise<LockHandle> {
  const lockTable = `${options.table}_lock`;
  await sql`create table if not exists ${sql.table(lockTable)} (
    id integer primary key check (id = 1),
    owner text not null,
    host text not null,
    pid integer not null,
    acquired_at text not null,
    expires_at integer not null
  )`.execute(db);

  const me = { owner: `${process.pid}@${os.hostname()}#${Math.random().toString(36).slice(2, 10)}`, host: os.hostname(), pid: process.pid };
  let lastHolder = 'unknown';
  const take = () =>
    db.transaction().execute(async (trx) => {
      const row = await readLock(trx, lockTable);
      if (row && isAlive(row, options.leaseMs)) {
        lastHolder = `pid ${row.pid} on ${row.host}`;
        return false;
      }
      await sql`insert into ${sql.table(lockTable)} (id, owner, host, pid, acquired_at, expires_at)
        values (1, ${me.owner}, ${me.host}, ${me.pid}, ${new Date().toISOString()}, ${Date.now() + options.leaseMs})
        on conflict (id) do update set owner = excluded.owner, host = excluded.host, pid = excluded.pid,
          acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`.execute(trx);
      return true;
    });
  await pollForLock(take, options.timeoutMs, async () => lastHolder);

  // Renewed before every migration: compiled once.
  const queries = new ShapedQueries();
  const renew = async (conn: Kysely<any>) => {
    const expiresAt = Date.now() + options.leaseMs;
    const result = await queries.execute(conn, 'renew', [expiresAt, me.owner], () =>
      sql`update ${sql.table(lockTable)} set expires_at = ${expiresAt} where id = 1 and owner = ${me.owner}`.compile(conn),
    );
    return Number(result.numAffectedRows ?? 0) === 1;
  };
  const heartbeat = setInterval(
    () => {
      renew(db).catch(() => undefined);
    },
    Math.max(100, Math.floor(options.leaseMs / 3)),
  );
  heartbeat.unref();

  return {
    holder: `pid ${me.pid} on ${me.host}`,
    async assertHeld(conn = db) {
      if (!(await renew(conn))) {
        const row = await readLock(conn, lockTable);
        throw new DihyaError('LOCK_LOST', { holder: row ? `pid ${row.pid} on ${row.host}` : 'nobody', cause: 'lease' });
      }
    },
    async release() {
      clearInterval(heartbeat);
      await sql`delete from ${sql.table(lockTable)} where id = 1 and owner = ${me.owner}`.execute(db);
    },
  };
}

async function readLock(db: Kysely<any>, lockTable: string): Promise<LockRow | undefined> {
  const { rows } = await sql<LockRow>`select owner, host, pid, expires_at from ${sql.table(lockTable)} where id = 1`.execute(db);
  return rows[0];
}

/**
 * A holder on this host is alive while its process is (a long statement may delay its heartbeat),
 * unless its lease ran out ten times over (its pid was reused); elsewhere, while its lease runs.
 */
function isAlive(row: LockRow, leaseMs: number): boolean {
  const expiresAt = Number(row.expires_at);
  if (row.host === os.hostname()) return processExists(Number(row.pid)) && expiresAt > Date.now() - 10 * leaseMs;
  return expiresAt > Date.now();
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
