import { createHash } from 'node:crypto';
import mysql from 'mysql2/promise';
import { DihyaError } from '../../../errors/dihya-error.ts';
import type { LockHandle, LockOptions } from '../../target.ts';
import { sleep } from '../../../util/sleep.ts';

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
  const started = Date.now();
  for (;;) {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('select get_lock(?, 0) as ok', [name]);
    if (Number(rows[0]?.ok) === 1) break;
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) {
      const [holders] = await connection.query<mysql.RowDataPacket[]>('select is_used_lock(?) as id', [name]);
      await connection.end();
      const id = holders[0]?.id;
      throw new DihyaError('LOCK_HELD', { holder: id ? `connection ${id}` : 'a connection that has just finished', waitedMs: waited });
    }
    await sleep(Math.min(200, options.timeoutMs - waited));
  }
  return {
    holder: `connection ${connection.threadId}`,
    async assertHeld() {
      if (lost) throw new DihyaError('LOCK_LOST', { holder: 'unknown (the lock connection was cut)' });
      const [rows] = await connection.query<mysql.RowDataPacket[]>('select is_used_lock(?) = connection_id() as mine', [name]);
      if (Number(rows[0]?.mine) !== 1) throw new DihyaError('LOCK_LOST', { holder: 'another connection' });
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
