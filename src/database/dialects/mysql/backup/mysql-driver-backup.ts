import path from 'node:path';
import type { BackupOptions, BackupResult } from '../../../backup-driver.ts';
import { openTextFileWriter } from '../../../../tools/text-file-writer.ts';
import type { MysqlSession } from '../session/mysql-connection.ts';
import { mysqlDumpFooter, mysqlDumpHeader, mysqlViewPlaceholderSql, showCreateRoutineSql, showCreateTableSql, showCreateViewSql } from './mysql-driver-ddl.ts';
import { writeMysqlTableRows } from './mysql-driver-rows.ts';
import { countMysqlTableRows, inMysqlScope } from '../session/mysql-snapshot.ts';

/**
 * Name of the driver-only MySQL method.
 *
 * @example
 * await driver.create(dir, { method: MYSQL_DRIVER_METHOD })
 */
export const MYSQL_DRIVER_METHOD = 'mysql-driver';
/**
 * The one file both MySQL methods write.
 *
 * @example
 * await replayMysqlDump(path.join(dir, MYSQL_DUMP_FILE), url, 'shop', findClientTool)
 */
export const MYSQL_DUMP_FILE = 'dump.sql';

/**
 * The driver-only MySQL/MariaDB backup, for when no mariadb-dump/mysqldump is installed. In the
 * caller's consistent-snapshot transaction (see beginMysqlSnapshot) it counts the rows and writes
 * `dump.sql` in mysqldump's shape (replayable by the mysql client or statement by statement):
 * session settings with FOREIGN_KEY_CHECKS=0, MariaDB sequences with their next value, tables
 * from SHOW CREATE TABLE (AUTO_INCREMENT included), stand-ins for views, the rows as multi-row
 * INSERTs with server-printed literals (hex for binary), routines, views, triggers and events
 * from SHOW CREATE under their own sql_mode and character set.
 *
 * Counts and rows come from the same snapshot. Not covered: system-versioned tables (refused),
 * MariaDB packages (refused), users and grants, non-transactional tables (MyISAM…) changed during
 * the backup, DDL run during the backup (SHOW CREATE is not transactional), generated columns'
 * values (recomputed on restore, as they must be).
 *
 * @example
 * await beginMysqlSnapshot(session.db)
 * const result = await createMysqlDriverBackup(session, '/backups/b1')
 * await session.db.query('COMMIT')
 */
export async function createMysqlDriverBackup(
  session: MysqlSession,
  dir: string,
  scope: Pick<BackupOptions, 'tables' | 'exclude'> = {},
): Promise<BackupResult> {
  const { db } = session;
  // A table-scoped backup reads the catalog of its own tables only (the names as constants: MariaDB
  // then opens those tables' definitions, not every table's); when one of them is not found that
  // way (its name in another case), the whole list is read and matched as inMysqlScope does.
  const whole = !scope.tables;
  const listing = (only: readonly string[] | undefined) =>
    db.query<any[]>(
      `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()${only ? ` AND TABLE_NAME IN (?)` : ''} ORDER BY TABLE_NAME`,
      only ? [only] : [],
    );
  let [objects] = await listing(scope.tables);
  const inScope = () => (objects as { name: string; type: string }[]).filter((o) => inMysqlScope(o.name, scope) && (!scope.tables || o.type !== 'VIEW'));
  if (scope.tables && !scope.tables.every((t) => inScope().some((o) => o.name.toLowerCase() === t.toLowerCase()))) [objects] = await listing(undefined);
  const all = inScope();
  // A table-scoped backup holds its tables and their triggers only: routines, views and events stay as they are.
  const [routineRows] = whole
    ? await db.query<any[]>(
        `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_TYPE, ROUTINE_NAME`,
      )
    : [[]];
  const routines = routineRows as { name: string; type: string }[];
  const refused = [
    ...all.filter((o) => o.type === 'SYSTEM VERSIONED').map((o) => `system-versioned table ${o.name}`),
    ...routines.filter((r) => r.type !== 'PROCEDURE' && r.type !== 'FUNCTION').map((r) => `${r.type.toLowerCase()} ${r.name}`),
  ];
  if (refused.length > 0) {
    throw new Error(`The mysql-driver backup method cannot dump: ${refused.join(', ')}. Install mariadb-dump or mysqldump and use the mysqldump method.`);
  }
  const [triggerRows] = await db.query<any[]>(
    `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()${whole ? '' : ' AND EVENT_OBJECT_TABLE IN (?)'}
      ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`,
    whole ? [] : [all.length > 0 ? all.map((o) => o.name) : ['']],
  );
  const triggers = (triggerRows as { name: string; tbl: string }[]).filter((t) => inMysqlScope(t.tbl, scope));
  const [eventRows] = whole
    ? await db.query<any[]>(`SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME`)
    : [[]];
  const [info] = await db.query<any[]>('SELECT DATABASE() AS db, VERSION() AS version');
  // The tables just listed (base and system-versioned, in scope): no second listing of the whole database.
  const rowCounts = await countMysqlTableRows(
    db,
    all.filter((o) => o.type === 'BASE TABLE' || o.type === 'SYSTEM VERSIONED').map((o) => o.name),
  );

  const sequences = all.filter((o) => o.type === 'SEQUENCE');
  const tables = all.filter((o) => o.type === 'BASE TABLE');
  const views = all.filter((o) => o.type === 'VIEW');
  const out = openTextFileWriter(path.join(dir, MYSQL_DUMP_FILE));
  try {
    await out.write(mysqlDumpHeader(info[0].db, info[0].version));
    for (const object of [...sequences, ...tables]) await out.write(await showCreateTableSql(db, object.name, object.type));
    for (const view of views) {
      const [columns] = await db.query<any[]>(
        'SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION',
        [view.name],
      );
      await out.write(
        mysqlViewPlaceholderSql(
          view.name,
          (columns as { name: string }[]).map((c) => c.name),
        ),
      );
    }
    await out.write('\n');
    for (const table of tables) await writeMysqlTableRows(session, table.name, out);
    for (const routine of routines) await out.write(await showCreateRoutineSql(db, routine.type as 'PROCEDURE' | 'FUNCTION', routine.name));
    for (const view of views) await out.write(await showCreateViewSql(db, view.name));
    for (const trigger of triggers) await out.write(await showCreateRoutineSql(db, 'TRIGGER', trigger.name));
    for (const event of eventRows as { name: string }[]) await out.write(await showCreateRoutineSql(db, 'EVENT', event.name));
    await out.write(mysqlDumpFooter());
  } finally {
    await out.close();
  }
  return { method: MYSQL_DRIVER_METHOD, files: [MYSQL_DUMP_FILE], rowCounts, ...(scope.tables ? { tables: tables.map((t) => t.name) } : {}) };
}
