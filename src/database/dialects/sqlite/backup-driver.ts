import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackupDriver, BackupResult } from '../../backup-driver.ts';
import { parseTargetUrl, type TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import { cloneSqliteSchema } from './sqlite-clone-schema.ts';
import { copySqliteDatabase, countSqliteRows, overwriteSqliteDatabase } from './sqlite-online-backup.ts';
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
 * Backup and restore for SQLite files, with SQLite's online backup API (node:sqlite `backup()`):
 * the backup is a consistent copy `database.sqlite`; row counts are read from that copy; restore
 * copies it back over the target file (other connections may stay open); scratch databases are
 * temp files; cloneSchema replays the schema (sqlite_master) into another file, without rows.
 * `sqlite::memory:` cannot be backed up or cloned.
 *
 * @example
 * const driver = sqliteBackupDriver(parseTargetUrl('sqlite:./app.db') as SqliteSpec)
 * const result = await driver.create('/backups/b1')   // { method: 'sqlite-backup', files: ['database.sqlite'], rowCounts }
 * await driver.restore('/backups/b1', result, 'sqlite:./app.db')
 * await driver.cloneSchema((await driver.createScratch()).url)
 */
export function sqliteBackupDriver(spec: Extract<TargetSpec, { dialect: 'sqlite' }>): BackupDriver {
  return {
    async create(dir, options = {}) {
      const method = options.method ?? 'auto';
      if (method !== 'auto' && method !== SQLITE_BACKUP_METHOD) {
        throw new Error(`Unknown SQLite backup method "${method}": use "${SQLITE_BACKUP_METHOD}" (or "auto")`);
      }
      const file = fileOf(spec);
      if (!existsSync(file)) throw new Error(`Cannot back up ${redactUrl(spec.url)}: ${file} does not exist`);
      const copy = path.join(dir, SQLITE_BACKUP_FILE);
      await copySqliteDatabase(file, copy);
      const result: BackupResult = { method: SQLITE_BACKUP_METHOD, files: [SQLITE_BACKUP_FILE], rowCounts: countSqliteRows(copy) };
      return result;
    },

    async restore(dir, result, url) {
      if (result.method !== SQLITE_BACKUP_METHOD) throw new Error(`A SQLite database cannot be restored from a "${result.method}" backup`);
      const target = parseTargetUrl(url);
      if (target.dialect !== 'sqlite') throw new Error(`Cannot restore a SQLite backup into ${redactUrl(url)}: not a SQLite URL`);
      const copy = path.join(dir, SQLITE_BACKUP_FILE);
      if (!existsSync(copy)) throw new Error(`Backup file missing: ${copy}`);
      await overwriteSqliteDatabase(copy, fileOf(target));
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
