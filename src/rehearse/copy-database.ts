import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupMethod, ScratchDatabase } from '../database/backup-driver.ts';
import type { Target } from '../database/target.ts';

/** A scratch database holding a copy of the target, schema and rows. */
export interface DatabaseCopy extends ScratchDatabase {
  /** How long the copy took (backup + restore), ms. */
  copyMs: number;
}

/**
 * Copies the target, with its data, into a new scratch database on the same server, with the
 * backup machinery: a backup into a 0700 temp folder (SQLite: the online backup API; PostgreSQL:
 * pg_dump or COPY; MariaDB: mysqldump or the driver), restored into the scratch database. The temp
 * folder is removed at once; the scratch database is the caller's to drop (also when this throws
 * half-way, it drops what it created).
 *
 * @example
 * const copy = await copyIntoScratch(target, 'auto')
 * try { … } finally { await copy.drop() }
 */
export async function copyIntoScratch(target: Target, method: BackupMethod | 'auto'): Promise<DatabaseCopy> {
  const started = Date.now();
  const scratch = await target.backup.createScratch();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-rehearse-'));
  try {
    const result = await target.backup.create(dir, method === 'auto' ? {} : { method });
    await target.backup.restore(dir, result, scratch.url);
  } catch (error) {
    await scratch.drop().catch(() => undefined);
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ...scratch, copyMs: Date.now() - started };
}

/**
 * Runs `work` with a copy of the target and drops the copy afterwards, whether `work` succeeded,
 * threw, or the process got SIGINT/SIGTERM meanwhile (the copy is dropped, then the signal's usual
 * exit code is used: 130 or 143).
 *
 * @example
 * const report = await withDatabaseCopy(target, 'auto', (copy) => rehearseOn(copy.url))
 */
export async function withDatabaseCopy<T>(target: Target, method: BackupMethod | 'auto', work: (copy: DatabaseCopy) => Promise<T>): Promise<T> {
  const copy = await copyIntoScratch(target, method);
  let dropped: Promise<void> | undefined;
  const drop = () => (dropped ??= copy.drop().catch(() => undefined));
  const onSignal = (signal: NodeJS.Signals) => {
    void drop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(copy);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await drop();
  }
}
