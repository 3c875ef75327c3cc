import type { Connection as PromiseConnection } from 'mysql2/promise';
import { quoteMysqlIdent, quoteMysqlLiteral } from '../session/mysql-connection.ts';

/**
 * The sql_mode a dump.sql runs in (as mysqldump sets it), alongside utf8mb4, UTC and no FK/unique checks.
 *
 * @example
 * `SET SESSION sql_mode = '${MYSQL_DUMP_SESSION_MODE}';`
 */
export const MYSQL_DUMP_SESSION_MODE = 'NO_AUTO_VALUE_ON_ZERO';

/**
 * The first lines of a mysql-driver dump.sql.
 *
 * @example
 * await out.write(mysqlDumpHeader('shop', '10.11.6-MariaDB'))
 */
export function mysqlDumpHeader(database: string, serverVersion: string): string {
  return [
    `-- dihya-migrate mysql-driver dump of ${quoteMysqlIdent(database)} (server ${serverVersion}), ${new Date().toISOString()}`,
    'SET NAMES utf8mb4;',
    "SET TIME_ZONE = '+00:00';",
    'SET FOREIGN_KEY_CHECKS = 0;',
    'SET UNIQUE_CHECKS = 0;',
    `SET SQL_MODE = '${MYSQL_DUMP_SESSION_MODE}';`,
    'SET SQL_NOTES = 0;',
    '',
    '',
  ].join('\n');
}

/**
 * The last lines of a mysql-driver dump.sql: checks back on.
 *
 * @example
 * await out.write(mysqlDumpFooter())
 */
export function mysqlDumpFooter(): string {
  return [
    '',
    'SET FOREIGN_KEY_CHECKS = 1;',
    'SET UNIQUE_CHECKS = 1;',
    'SET SQL_NOTES = 1;',
    '',
    `${MYSQL_DUMP_COMPLETED} ${new Date().toISOString()}`,
    '',
  ].join('\n');
}

/**
 * The line both MySQL methods end their dump.sql with (mariadb-dump and mysqldump write it as
 * their last comment); a dump without it was cut short.
 *
 * @example
 * text.trimEnd().split('\n').at(-1)?.startsWith(MYSQL_DUMP_COMPLETED) // true for a complete dump
 */
export const MYSQL_DUMP_COMPLETED = '-- Dump completed';

/**
 * `CREATE TABLE …;` (or, on MariaDB, `CREATE SEQUENCE …;` plus its current value) from SHOW CREATE.
 * The AUTO_INCREMENT counter is part of it, so the next value survives a restore.
 *
 * @example
 * await out.write(await showCreateTableSql(session.db, 'orders', 'BASE TABLE'))
 */
export async function showCreateTableSql(db: PromiseConnection, name: string, type: string): Promise<string> {
  const id = quoteMysqlIdent(name);
  if (type === 'SEQUENCE') {
    const create = await showCreate(db, `SHOW CREATE SEQUENCE ${id}`, 'Create Table');
    const [rows] = await db.query<any[]>(`SELECT next_not_cached_value AS next FROM ${id}`);
    return `${create};\nDO SETVAL(${id}, ${String(rows[0].next)}, 0);\n\n`;
  }
  return `${await showCreate(db, `SHOW CREATE TABLE ${id}`, 'Create Table')};\n\n`;
}

/**
 * A stand-in for a view, with the view's column names, so views that read other views can be
 * created in any order (as mysqldump does); replaced by the real view later.
 *
 * @example
 * mysqlViewPlaceholderSql('active_customers', ['id', 'name']) // 'CREATE VIEW `active_customers` AS SELECT 1 AS `id`, 1 AS `name`;\n'
 */
export function mysqlViewPlaceholderSql(name: string, columns: readonly string[]): string {
  const list = columns.length > 0 ? columns.map((c) => `1 AS ${quoteMysqlIdent(c)}`).join(', ') : '1 AS `1`';
  return `CREATE VIEW ${quoteMysqlIdent(name)} AS SELECT ${list};\n`;
}

/**
 * `DROP VIEW` of the stand-in, then the view from SHOW CREATE VIEW, under the character set it was created with.
 *
 * @example
 * await out.write(await showCreateViewSql(session.db, 'active_customers'))
 */
export async function showCreateViewSql(db: PromiseConnection, name: string): Promise<string> {
  const id = quoteMysqlIdent(name);
  const [rows] = await db.query<any[]>(`SHOW CREATE VIEW ${id}`);
  const row = rows[0] as Record<string, string>;
  return [
    `DROP VIEW IF EXISTS ${id};`,
    `SET character_set_client = ${row.character_set_client}, collation_connection = ${row.collation_connection};`,
    `${required(row['Create View'], `view ${name}`)};`,
    'SET NAMES utf8mb4;',
    '',
    '',
  ].join('\n');
}

/**
 * A stored routine, trigger or event from SHOW CREATE, between `DELIMITER ;;` lines and under
 * the sql_mode, character set (and, for events, time zone) it was created with.
 *
 * @example
 * await out.write(await showCreateRoutineSql(session.db, 'TRIGGER', 'orders_bi'))
 */
export async function showCreateRoutineSql(db: PromiseConnection, kind: 'PROCEDURE' | 'FUNCTION' | 'TRIGGER' | 'EVENT', name: string): Promise<string> {
  const [rows] = await db.query<any[]>(`SHOW CREATE ${kind} ${quoteMysqlIdent(name)}`);
  const row = rows[0] as Record<string, string> | undefined;
  const column = { PROCEDURE: 'Create Procedure', FUNCTION: 'Create Function', TRIGGER: 'SQL Original Statement', EVENT: 'Create Event' }[kind];
  const create = required(row?.[column], `${kind.toLowerCase()} ${name}`);
  const lines = [
    `SET SESSION sql_mode = ${quoteMysqlLiteral(row!.sql_mode ?? '')};`,
    `SET character_set_client = ${row!.character_set_client}, collation_connection = ${row!.collation_connection};`,
  ];
  if (kind === 'EVENT') lines.push(`SET time_zone = ${quoteMysqlLiteral(row!.time_zone ?? 'SYSTEM')};`);
  lines.push('DELIMITER ;;', `${create.trimEnd()} ;;`, 'DELIMITER ;');
  lines.push(`SET SESSION sql_mode = '${MYSQL_DUMP_SESSION_MODE}';`, 'SET NAMES utf8mb4;');
  if (kind === 'EVENT') lines.push("SET time_zone = '+00:00';");
  return `${lines.join('\n')}\n\n`;
}

async function showCreate(db: PromiseConnection, statement: string, column: string): Promise<string> {
  const [rows] = await db.query<any[]>(statement);
  return required((rows[0] as Record<string, string> | undefined)?.[column], statement.replace(/^SHOW CREATE /, '').toLowerCase());
}

function required(text: string | null | undefined, what: string): string {
  if (typeof text !== 'string' || text === '') {
    throw new Error(`Cannot read the definition of ${what}: the backup user needs SELECT, SHOW VIEW, TRIGGER, EVENT and routine access on the database`);
  }
  return text;
}
