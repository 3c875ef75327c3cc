import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { DihyaError } from '../../../errors/dihya-error.ts';
import type { LockHandle, LockOptions } from '../../target.ts';
import { pollForLock } from '../../poll-for-lock.ts';

/**
 * Takes a named lock (GET_LOCK) on a connection of its own. The server releases it when that
 * connection ends, so a crashed run never leaves it behind.
 *
 * @example
 * const lock = await acquireMysqlLock(connectionOptions, 'shop', { table: 'dihya_migrations', timeoutMs: 10_000, leaseMs: 30_000 })
 */
export async function acquireMysqlLock(config: mysql.ConnectionOptions, database: string, options: LockOptions): Promise<LockHandle> {
  const name = lockName(database, options.table);
  const connection = await mysql.createConnection(config);
  let lost = false;
  connection.on('error', () => {
    lost = true;
  });
  try {
    await pollForLock(
      async () => {
        const [rows] = await connection.query<mysql.RowDataPacket[]>('select get_lock(?, 0) as ok', [name]);
        return Number(rows[0]?.ok) === 1;
      },
      options.timeoutMs,
      async () => {
        const [holders] = await connection.query<mysql.RowDataPacket[]>('select is_used_lock(?) as id', [name]);
        const id = holders[0]?.id;
        return id ? `connection ${id}` : 'a connection that has just finished';
      },
    );
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw error;
  }
  return {
    holder: `connection ${connection.threadId}`,
    async assertHeld() {
      if (lost) throw new DihyaError('LOCK_LOST', { holder: 'nobody (the lock connection was cut)', cause: 'session' });
      const [rows] = await connection.query<mysql.RowDataPacket[]>('select is_used_lock(?) = connection_id() as mine', [name]);
      if (Number(rows[0]?.mine) !== 1) throw new DihyaError('LOCK_LOST', { holder: 'another connection', cause: 'session' });
    },
    async release() {
      try {
        if (!lost) await connection.query('select release_lock(?)', [name]);
      } finally {
        await connection.end().catch(() => undefined);
      }
    },
  };
}

/** Lock names are limited to 64 characters; long ones are hashed. */
function lockName(database: string, table: string): string {
  const full = `dihya-migrate:${database}.${table}`;
  return full.length <= 64 ? full : `dihya-migrate:${createHash('sha256').update(full).digest('hex').slice(0, 40)}`;
}
