import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BackupDriver, BackupResult } from '../../backup-driver.ts';
import { findClientTool, type ClientToolFinder } from '../../../tools/find-client-tool.ts';
import { parseTargetUrl, type TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import { findMysqlClientTool } from './session/mysql-client-tools.ts';
import { cloneMysqlSchema } from './scratch/mysql-clone-schema.ts';
import { mysqlError, openMysqlSession, quoteMysqlIdent } from './session/mysql-connection.ts';
import { createMysqlDriverBackup, MYSQL_DRIVER_METHOD, MYSQL_DUMP_FILE } from './backup/mysql-driver-backup.ts';
import { dropAllMysqlObjects } from './backup/mysql-reset.ts';
import { parkMysqlTables, unparkMysqlTables } from './backup/mysql-keep-tables.ts';
import { checkMysqlDumpComplete } from './backup/mysql-dump-complete.ts';
import { replayMysqlDump } from './backup/mysql-replay.ts';
import { createMysqlScratch } from './scratch/mysql-scratch.ts';
import { beginMysqlSnapshot, smallBaseTables } from './session/mysql-snapshot.ts';
import { createMysqldumpBackup, MYSQLDUMP_METHOD } from './backup/mysqldump-backup.ts';

/** Up to this much data and indexes, a table-scoped `auto` backup goes through the driver instead of mariadb-dump. */
const DRIVER_SCOPED_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Options of the MySQL/MariaDB backup driver.
 *
 * @example
 * mysqlBackupDriver(spec, { findTool: noClientTools }) // driver-only dump and replay
 */
export interface MysqlBackupOptions {
  /** How client tools are looked up (default: PATH, honouring DIHYA_NO_CLIENT_TOOLS). */
  findTool?: ClientToolFinder;
}

/**
 * Backup and restore for MariaDB and MySQL.
 *
 * Methods: `mysqldump` (mariadb-dump or mysqldump from PATH, the default when found; row counts
 * from a snapshot taken just before the dump's own — see mysqldump-backup.ts) and `mysql-driver`
 * (driver only, same dump.sql shape, counts and rows from one snapshot). `auto` picks mysqldump when
 * the tool is found, except for a table-scoped backup of tables holding at most 4 MiB (the backup
 * before a migration's DDL, usually of a table or two): the driver dumps those in less time than
 * the tool takes to start.
 * Restore drops every table, view, sequence, routine and event of the target database, then
 * replays dump.sql with the mariadb/mysql client, or through the driver when there is none.
 * MySQL DDL is not transactional: a restore that fails midway leaves the database partly
 * restored (run it again). Scratch databases are CREATE DATABASE on the same server; cloneSchema
 * copies the schema alone into one (`mariadb-dump --no-data`, or SHOW CREATE through the driver —
 * see mysql-clone-schema.ts).
 *
 * @example
 * const driver = mysqlBackupDriver(spec)
 * const result = await driver.create('/backups/b1')   // { method: 'mysqldump', files: ['dump.sql'], rowCounts }
 * await driver.restore('/backups/b1', result, spec.url)
 * await driver.cloneSchema((await driver.createScratch()).url)
 */
export function mysqlBackupDriver(spec: Extract<TargetSpec, { dialect: 'mysql' }>, options: MysqlBackupOptions = {}): BackupDriver {
  const findTool = options.findTool ?? ((names) => findClientTool(names));
  return {
    async create(dir, createOptions = {}) {
      const requested = createOptions.method ?? 'auto';
      if (!['auto', MYSQLDUMP_METHOD, MYSQL_DRIVER_METHOD].includes(requested)) {
        throw new Error(`Unknown MySQL backup method "${requested}": use "${MYSQLDUMP_METHOD}", "${MYSQL_DRIVER_METHOD}" or "auto"`);
      }
      const tool = requested === MYSQL_DRIVER_METHOD ? undefined : await findMysqlClientTool('dump', findTool);
      if (requested === MYSQLDUMP_METHOD && !tool) {
        throw new Error(
          `Neither mariadb-dump nor mysqldump was found on PATH: install the MariaDB/MySQL client tools, or use the "${MYSQL_DRIVER_METHOD}" method`,
        );
      }
      const session = await openMysqlSession(spec.url);
      try {
        await beginMysqlSnapshot(session.db);
        // A table-scoped backup of small tables (before a migration's DDL) is dumped through the driver: starting mariadb-dump costs more.
        const small =
          requested === 'auto' && createOptions.tables !== undefined && (await smallBaseTables(session.db, createOptions.tables, DRIVER_SCOPED_MAX_BYTES));
        const result: BackupResult =
          tool && !small
            ? await createMysqldumpBackup(session, spec.url, spec.database, dir, tool, createOptions)
            : await createMysqlDriverBackup(session, dir, createOptions);
        await session.db.query('COMMIT');
        return result;
      } catch (error) {
        await session.db.query('ROLLBACK').catch(() => undefined);
        if (isServerError(error)) throw mysqlError(`Backup of ${redactUrl(spec.url)} failed`, error, spec.url);
        throw error;
      } finally {
        await session.end();
      }
    },

    async restore(dir, result, url, restoreOptions = {}) {
      if (result.method !== MYSQLDUMP_METHOD && result.method !== MYSQL_DRIVER_METHOD) {
        throw new Error(`A MySQL/MariaDB database cannot be restored from a "${result.method}" backup`);
      }
      const target = parseTargetUrl(url);
      if (target.dialect !== 'mysql') throw new Error(`Cannot restore a MySQL backup into ${redactUrl(url)}: not a MySQL/MariaDB URL`);
      const file = path.join(dir, MYSQL_DUMP_FILE);
      const hasDump = result.files.includes(MYSQL_DUMP_FILE);
      if (hasDump && !existsSync(file)) throw new Error(`Backup file missing: ${file}`);
      const keep = restoreOptions.keep ?? [];
      const session = await openMysqlSession(url);
      let parked: string[] = [];
      try {
        try {
          if (result.tables) {
            // Table-scoped: the dump drops and recreates its own tables; the tables created since go too.
            await session.db.query('SET FOREIGN_KEY_CHECKS = 0');
            for (const table of [...result.tables, ...(restoreOptions.drop ?? [])]) await session.db.query(`DROP TABLE IF EXISTS ${quoteMysqlIdent(table)}`);
          } else {
            parked = await parkMysqlTables(session.db, keep);
            await dropAllMysqlObjects(session.db, keep);
          }
        } catch (error) {
          throw mysqlError(`Restore into ${redactUrl(url)} failed while dropping the current objects`, error, url);
        }
        try {
          if (hasDump) await replayMysqlDump(file, url, target.database, findTool);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`Restore into ${redactUrl(url)} failed, the database is partly restored (run the restore again): ${reason}`, { cause: error });
        }
        await unparkMysqlTables(session.db, parked);
      } finally {
        await session.end();
      }
    },

    async recoverKept(url, keep) {
      const session = await openMysqlSession(url);
      try {
        await unparkMysqlTables(session.db, keep);
      } finally {
        await session.end();
      }
    },

    async checkComplete(dir, result) {
      if (!result.files.includes(MYSQL_DUMP_FILE)) return;
      await checkMysqlDumpComplete(path.join(dir, MYSQL_DUMP_FILE));
    },

    createScratch: () => createMysqlScratch(spec),

    async cloneSchema(url, cloneOptions = {}) {
      await cloneMysqlSchema(spec, url, findTool, cloneOptions.tables && [...cloneOptions.tables, ...(cloneOptions.referenced ?? [])]);
    },
  };
}

function isServerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'sqlMessage' in error;
}
