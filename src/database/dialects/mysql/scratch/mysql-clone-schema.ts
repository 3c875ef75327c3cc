import path from 'node:path';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { privateTempFolder } from '../../../../tools/private-temp.ts';
import { parseTargetUrl, type TargetSpec } from '../../../parse-url.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { findMysqlClientTool } from '../session/mysql-client-tools.ts';
import { mysqlError, openMysqlSession } from '../session/mysql-connection.ts';
import { writeMysqlSchemaWithDriver } from './mysql-driver-schema.ts';
import { replayMysqlDump } from '../backup/mysql-replay.ts';
import { beginMysqlSnapshot } from '../session/mysql-snapshot.ts';
import { dumpMysqlSchemaWithTool } from './mysqldump-schema.ts';

/**
 * How the schema was written: by mariadb-dump/mysqldump, or through the driver (SHOW CREATE …).
 *
 * @example
 * const how: MysqlSchemaCopyMethod = await cloneMysqlSchema(spec, scratch.url, findClientTool) // 'mysqldump'
 */
export type MysqlSchemaCopyMethod = 'mysqldump' | 'mysql-driver';

/**
 * Copies the schema of the target `spec` (tables, columns, defaults, keys, indexes, foreign keys,
 * views, MariaDB sequences, procedures, functions, triggers; no rows, no events) into the empty
 * database at `url`: `mariadb-dump --no-data --routines --triggers` when a dump tool is found
 * (see mysqldump-schema.ts), else SHOW CREATE … through the driver (mysql-driver-schema.ts), into
 * a 0600 temporary file (in the state dir, see privateTempFolder) replayed with replayMysqlDump (the mariadb client, or the driver). Refuses
 * a destination that already holds tables, views, sequences or routines (so it can never be the
 * target). MySQL DDL is not transactional: a copy that fails midway leaves a partial schema.
 * With `tables` and a dump tool, only those tables (and every routine) are dumped.
 *
 * @example
 * const scratch = await createMysqlScratch(spec)
 * await cloneMysqlSchema(spec, scratch.url, findClientTool) // 'mysqldump'
 */
export async function cloneMysqlSchema(
  spec: Extract<TargetSpec, { dialect: 'mysql' }>,
  url: string,
  findTool: ClientToolFinder,
  tables?: readonly string[],
): Promise<MysqlSchemaCopyMethod> {
  const destination = parseTargetUrl(url);
  if (destination.dialect !== 'mysql') throw new Error(`Cannot copy a MySQL/MariaDB schema into ${redactUrl(url)}: not a MySQL/MariaDB URL`);
  await assertMysqlDatabaseEmpty(url);
  const temp = await privateTempFolder('schema');
  const file = path.join(temp.dir, 'schema.sql');
  try {
    const method = await writeSchema(spec, file, findTool, tables);
    await replayMysqlDump(file, url, destination.database, findTool);
    return method;
  } finally {
    await temp.remove();
  }
}

async function writeSchema(
  spec: Extract<TargetSpec, { dialect: 'mysql' }>,
  file: string,
  findTool: ClientToolFinder,
  tables: readonly string[] | undefined,
): Promise<MysqlSchemaCopyMethod> {
  const tool = await findMysqlClientTool('dump', findTool);
  const session = await openMysqlSession(spec.url);
  try {
    if (tool) {
      const [rows] = await session.db.query<any[]>('SELECT VERSION() AS version');
      await dumpMysqlSchemaWithTool(spec.url, spec.database, file, tool, /mariadb/i.test(String(rows[0].version)), tables);
      return 'mysqldump';
    }
    await beginMysqlSnapshot(session.db);
    await writeMysqlSchemaWithDriver(session.db, file);
    await session.db.query('COMMIT');
    return 'mysql-driver';
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'sqlMessage' in error)
      throw mysqlError(`Reading the schema of ${redactUrl(spec.url)} failed`, error, spec.url);
    throw error;
  } finally {
    await session.end();
  }
}

/** Throws unless the database at `url` has no table, view, sequence or stored routine. */
async function assertMysqlDatabaseEmpty(url: string): Promise<void> {
  const session = await openMysqlSession(url);
  try {
    const [rows] = await session.db.query<any[]>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE <> 'TEMPORARY'
       UNION ALL SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() LIMIT 3`,
    );
    const names = (rows as { name: string }[]).map((r) => r.name);
    if (names.length > 0) throw new Error(`Cannot copy the schema into ${redactUrl(url)}: it is not empty (it holds ${names.join(', ')}…)`);
  } finally {
    await session.end();
  }
}
