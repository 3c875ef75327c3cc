import type { Connection as PromiseConnection } from 'mysql2/promise';
import { openTextFileWriter } from '../../../../tools/text-file-writer.ts';
import {
  mysqlDumpFooter,
  mysqlDumpHeader,
  mysqlViewPlaceholderSql,
  showCreateRoutineSql,
  showCreateTableSql,
  showCreateViewSql,
} from '../backup/mysql-driver-ddl.ts';

/** information_schema.TABLES types that SHOW CREATE TABLE recreates (system-versioned ones with their versioning). */
const TABLE_TYPES = ['BASE TABLE', 'SYSTEM VERSIONED'];

/**
 * Writes the schema of the connected database, without rows, into `file` in mysqldump's shape
 * (replayable by replayMysqlDump), through the driver: session settings with FOREIGN_KEY_CHECKS=0,
 * MariaDB sequences, tables (SHOW CREATE TABLE: columns, defaults, keys, indexes, foreign keys,
 * checks, AUTO_INCREMENT counter), stand-ins for views, stored procedures and functions, views,
 * then triggers. Only definitions are read (plus each sequence's next value). Left out: events
 * (they would run on schedule in the copy), MariaDB packages, users and grants.
 * Call it after beginMysqlSnapshot, whose session settings make the SHOW CREATE text unambiguous.
 *
 * @example
 * await beginMysqlSnapshot(session.db)
 * await writeMysqlSchemaWithDriver(session.db, '/tmp/dihya-schema-x1/schema.sql')
 */
export async function writeMysqlSchemaWithDriver(db: PromiseConnection, file: string): Promise<void> {
  const [objects] = await db.query<any[]>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  );
  const all = objects as { name: string; type: string }[];
  const [routines] = await db.query<any[]>(
    `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES
      WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION') ORDER BY ROUTINE_TYPE, ROUTINE_NAME`,
  );
  const [triggers] = await db.query<any[]>(
    `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
      ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER`,
  );
  const [info] = await db.query<any[]>('SELECT DATABASE() AS db, VERSION() AS version');
  const views = all.filter((o) => o.type === 'VIEW');
  const out = openTextFileWriter(file);
  try {
    await out.write(mysqlDumpHeader(info[0].db, info[0].version));
    for (const object of [...all.filter((o) => o.type === 'SEQUENCE'), ...all.filter((o) => TABLE_TYPES.includes(o.type))]) {
      await out.write(await showCreateTableSql(db, object.name, object.type));
    }
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
    for (const routine of routines as { name: string; type: 'PROCEDURE' | 'FUNCTION' }[])
      await out.write(await showCreateRoutineSql(db, routine.type, routine.name));
    for (const view of views) await out.write(await showCreateViewSql(db, view.name));
    for (const trigger of triggers as { name: string }[]) await out.write(await showCreateRoutineSql(db, 'TRIGGER', trigger.name));
    await out.write(mysqlDumpFooter());
  } finally {
    await out.close();
  }
}
