import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { BackupDriver, BackupResult } from '../../backup-driver.ts';
import { parseTargetUrl, type TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import { cloneSqliteSchema } from './sqlite-clone-schema.ts';
import { copySqliteObjects } from './sqlite-object-copy.ts';
import { copySqliteDatabase, countSqliteRows, digestAndSync } from './sqlite-online-backup.ts';
import { createSqliteScratch } from './sqlite-scratch.ts';

/**
 * The one method SQLite has: the online backup API.
 *
 * @example
 * (await driver.create(dir)).method === SQLITE_BACKUP_METHOD // true
 */
export const SQLITE_BACKUP_METHOD = 'sqlite-backup';
/**
 * The copy's file name inside the backup folder.
 *
 * @example
 * new DatabaseSync(path.join(dir, SQLITE_BACKUP_FILE), { readOnly: true })
 */
export const SQLITE_BACKUP_FILE = 'database.sqlite';

/**
 * Backup and restore for SQLite files. A whole-database backup is a consistent copy of the file
 * (made under SQLite's locks, or with the online backup API: see copySqliteDatabase), from which
 * the excluded tables are then dropped; a table-scoped backup copies only its tables into an empty
 * file. The copy is hashed while it is synced to disk, and its row counts read meanwhile. A restore copies the
 * backup's objects back in ONE write transaction of the target (see copySqliteObjects): it commits
 * only once complete, and never touches the `keep` tables (the lock and the audit mirror), so a
 * concurrent run keeps waiting for the lock. A restore waits up to `busyTimeoutMs` (30 s) for
 * another connection's write transaction. Scratch databases are temp files; cloneSchema replays
 * the schema into another file, without rows. `sqlite::memory:` cannot be backed up or cloned.
 *
 * @example
 * const driver = sqliteBackupDriver(parseTargetUrl('sqlite:./app.db') as SqliteSpec)
 * const result = await driver.create('/backups/b1', { exclude: ['dihya_audit'] })
 * await driver.restore('/backups/b1', result, 'sqlite:./app.db', { keep: ['dihya_migrations_lock', 'dihya_audit'] })
 */
export function sqliteBackupDriver(spec: Extract<TargetSpec, { dialect: 'sqlite' }>, driverOptions: { busyTimeoutMs?: number } = {}): BackupDriver {
  const busyTimeoutMs = driverOptions.busyTimeoutMs ?? 30_000;
  return {
    async create(dir, options = {}) {
      const method = options.method ?? 'auto';
      if (method !== 'auto' && method !== SQLITE_BACKUP_METHOD) {
        throw new Error(`Unknown SQLite backup method "${method}": use "${SQLITE_BACKUP_METHOD}" (or "auto")`);
      }
      const file = fileOf(spec);
      if (!existsSync(file)) throw new Error(`Cannot back up ${redactUrl(spec.url)}: ${file} does not exist`);
      const copy = path.join(dir, SQLITE_BACKUP_FILE);
      if (options.tables) {
        new DatabaseSync(copy).close();
        await copySqliteObjects(file, copy, { tables: options.tables, keep: options.exclude ?? [] });
      } else {
        await copySqliteDatabase(file, copy, options.exclude ?? []);
      }
      const [digest, rowCounts] = await Promise.all([digestAndSync(copy), Promise.resolve(copy).then(countSqliteRows)]);
      const result: BackupResult = {
        method: SQLITE_BACKUP_METHOD,
        files: [SQLITE_BACKUP_FILE],
        rowCounts,
        ...(options.tables ? { tables: options.tables } : {}),
        digests: { [SQLITE_BACKUP_FILE]: digest },
      };
      return result;
    },

    async restore(dir, result, url, options = {}) {
      if (result.method !== SQLITE_BACKUP_METHOD) throw new Error(`A SQLite database cannot be restored from a "${result.method}" backup`);
      const target = parseTargetUrl(url);
      if (target.dialect !== 'sqlite') throw new Error(`Cannot restore a SQLite backup into ${redactUrl(url)}: not a SQLite URL`);
      const copy = path.join(dir, SQLITE_BACKUP_FILE);
      if (!existsSync(copy)) throw new Error(`Backup file missing: ${copy}`);
      const started = Date.now();
      try {
        await copySqliteObjects(
          copy,
          fileOf(target),
          {
            keep: options.keep ?? [],
            ...(result.tables ? { tables: result.tables } : {}),
            ...(options.drop ? { drop: options.drop } : {}),
          },
          busyTimeoutMs,
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const locked = /database is locked|SQLITE_BUSY/i.test(reason);
        throw new Error(
          locked
            ? `Could not restore into ${fileOf(target)}: the database stayed locked by another connection (waited ${Math.round((Date.now() - started) / 1000)} s). Finish or close the other connection's transaction and retry.`
            : `Could not restore into ${fileOf(target)} (nothing was changed): ${reason}`,
          { cause: error },
        );
      }
    },

    async checkComplete(dir) {
      const copy = path.join(dir, SQLITE_BACKUP_FILE);
      checkSqliteFile(copy);
    },

    async createScratch() {
      return createSqliteScratch();
    },

    async cloneSchema(url) {
      const destination = parseTargetUrl(url);
      if (destination.dialect !== 'sqlite') throw new Error(`Cannot copy a SQLite schema into ${redactUrl(url)}: not a SQLite URL`);
      if (spec.file === ':memory:' || destination.file === ':memory:') {
        throw new Error('sqlite::memory: cannot take part in a schema copy: an in-memory database lives only in its connection. Use a file (sqlite:./app.db).');
      }
      if (!existsSync(spec.file)) throw new Error(`Cannot copy the schema of ${redactUrl(spec.url)}: ${spec.file} does not exist`);
      cloneSqliteSchema(spec.file, destination.file);
    },
  };
}

function fileOf(spec: Extract<TargetSpec, { dialect: 'sqlite' }>): string {
  if (spec.file === ':memory:') {
    throw new Error('sqlite::memory: cannot be backed up or restored: an in-memory database lives only in its connection. Use a file (sqlite:./app.db).');
  }
  return spec.file;
}

/** Throws unless `file` is a whole SQLite database: its header, and as many pages as the header says. */
function checkSqliteFile(file: string): void {
  if (!existsSync(file)) throw new Error(`${path.basename(file)} is missing`);
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') {
      throw new Error(`${path.basename(file)} is not a SQLite database (bad header)`);
    }
  } finally {
    closeSync(fd);
  }
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  const size = statSync(file).size;
  if (pages > 0 && size < pages * pageSize)
    throw new Error(`${path.basename(file)} is truncated: ${size} bytes where its header announces ${pages * pageSize}`);
}
