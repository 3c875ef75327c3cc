import pg from 'pg';
import { DihyaError } from '../../../errors/dihya-error.ts';
import type { LockHandle, LockOptions } from '../../target.ts';
import { pollForLock } from '../../poll-for-lock.ts';

/** First key of every dihya-migrate advisory lock ("DIHY" in ASCII); the second is hashtext(table). */
const LOCK_CLASS = 0x44494859;

/** How often the lock session is kept busy, so no idle timeout ends it, and checked. */
const KEEPALIVE_MS = 5_000;

/**
 * Takes a session-level advisory lock on a connection of its own. PostgreSQL releases it
 * when that session ends, so a crashed run (even SIGKILL) never leaves it behind. The session
 * turns idle_session_timeout and idle_in_transaction_session_timeout off for itself and is kept
 * alive with a query every few seconds; if the server ends it anyway, the loss is seen (the
 * client's error or end event, or a failed keep-alive) and the next check throws LOCK_LOST.
 *
 * @example
 * const lock = await acquirePostgresLock(clientConfig, { table: 'dihya_migrations', timeoutMs: 10_000, leaseMs: 30_000 })
 */
export async function acquirePostgresLock(config: pg.ClientConfig, options: LockOptions): Promise<LockHandle> {
  const client = new pg.Client({ ...config, application_name: 'dihya-migrate lock' });
  let lost = false;
  client.on('error', () => {
    lost = true;
  });
  client.on('end', () => {
    lost = true;
  });
  await client.connect();
  // PostgreSQL 14+: a server-wide idle_session_timeout must not end the session that holds the lock.
  await client.query("select set_config('idle_session_timeout', '0', false)").catch(() => undefined);
  await client.query("select set_config('idle_in_transaction_session_timeout', '0', false)").catch(() => undefined);
  try {
    await pollForLock(
      async () => {
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, options.table]);
        return rows[0]?.ok === true;
      },
      options.timeoutMs,
      () => describeHolder(client, options.table),
    );
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const keepAlive = setInterval(() => {
    client.query('select 1').catch(() => {
      lost = true;
    });
  }, KEEPALIVE_MS);
  keepAlive.unref();
  return {
    holder: `postgres session ${rows[0]?.pid}`,
    async assertHeld() {
      if (lost) throw new DihyaError('LOCK_LOST', { holder: 'nobody (the lock session was ended by the server)', cause: 'session' });
      try {
        await client.query('select 1');
      } catch (error) {
        lost = true;
        throw new DihyaError('LOCK_LOST', { holder: 'nobody (the lock session was ended by the server)', cause: 'session' }, { cause: error });
      }
    },
    async release() {
      clearInterval(keepAlive);
      try {
        if (!lost) await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, options.table]);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

async function describeHolder(client: pg.Client, table: string): Promise<string> {
  const { rows } = await client.query<{ pid: number; application_name: string; client_addr: string | null; backend_start: Date }>(
    `select a.pid, a.application_name, a.client_addr::text as client_addr, a.backend_start
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::oid and l.objid = hashtext($2)::oid`,
    [LOCK_CLASS, table],
  );
  const row = rows[0];
  if (!row) return 'a session that has just finished';
  return `postgres session ${row.pid} (${row.application_name || 'no application name'}, from ${row.client_addr ?? 'local socket'}, since ${row.backend_start.toISOString()})`;
}
