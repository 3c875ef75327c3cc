import pg from 'pg';
import { DihyaError } from '../../../errors/dihya-error.ts';
import type { LockHandle, LockOptions } from '../../target.ts';
import { pollForLock } from '../../poll-for-lock.ts';

/** First key of every dihya-migrate advisory lock ("DIHY" in ASCII); the second is hashtext(table). */
const LOCK_CLASS = 0x44494859;

/**
 * Takes a session-level advisory lock on a connection of its own. PostgreSQL releases it
 * when that session ends, so a crashed run (even SIGKILL) never leaves it behind.
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
  await client.connect();
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
  return {
    holder: `postgres session ${rows[0]?.pid}`,
    async assertHeld() {
      if (lost) throw new DihyaError('LOCK_LOST', { holder: 'unknown (the lock session was cut)' });
      await client.query('select 1');
    },
    async release() {
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
