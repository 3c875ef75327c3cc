import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupMethod, ScratchDatabase } from '../database/backup-driver.ts';
import type { Target } from '../database/target.ts';

/** A scratch database holding a copy of the target, schema and rows. */
export interface DatabaseCopy extends ScratchDatabase {
  /** How long the copy took (backup + restore), ms. */
  copyMs: number;
  /** Set by the work on the copy: stops what runs on it (its sessions), so that a signal can drop it at once. */
  interrupt?: () => Promise<unknown>;
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
export async function copyIntoScratch(target: Target, method: BackupMethod | 'auto', onCreated?: (scratch: ScratchDatabase) => void): Promise<DatabaseCopy> {
  const started = Date.now();
  const scratch = await target.backup.createScratch();
  onCreated?.(scratch);
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
 * threw, or the process got SIGINT/SIGTERM meanwhile (what runs on the copy is stopped, the copy
 * dropped, then the signal raised again so the process ends as it would have: 130 or 143).
 *
 * @example
 * const report = await withDatabaseCopy(target, 'auto', (copy) => rehearseOn(copy.url))
 */
export async function withDatabaseCopy<T>(target: Target, method: BackupMethod | 'auto', work: (copy: DatabaseCopy) => Promise<T>): Promise<T> {
  let scratch: ScratchDatabase | undefined;
  let copy: DatabaseCopy | undefined;
  let dropped: Promise<void> | undefined;
  const drop = () => (dropped ??= scratch ? scratch.drop().catch(() => undefined) : Promise.resolve());
  const onSignal = (signal: NodeJS.Signals) => {
    const stop = copy?.interrupt ? copy.interrupt().catch(() => undefined) : Promise.resolve();
    // Then the signal again, with the default handling, so the process ends as it would have (130, 143).
    void stop.then(drop).finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, signal);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    copy = await copyIntoScratch(target, method, (created) => (scratch = created));
    return await work(copy);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await drop();
  }
}
