import path from 'node:path';
import type { BackupOptions, BackupResult } from '../../../backup-driver.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { digestWhileWritten } from '../../../../tools/digest-while-written.ts';
import { dumpCompatibilityArgs, type MysqlClientTool } from '../session/mysql-client-tools.ts';
import type { MysqlSession } from '../session/mysql-connection.ts';
import { MYSQL_DUMP_FILE } from './mysql-driver-backup.ts';
import { writeMysqlOptionFile } from '../session/mysql-option-file.ts';
import { countMysqlTableRows, mysqlTablesInScope } from '../session/mysql-snapshot.ts';
import { bothSettled } from '../../../../util/both-settled.ts';

/**
 * Name of the method that runs mariadb-dump/mysqldump.
 *
 * @example
 * await driver.create(dir, { method: MYSQLDUMP_METHOD })
 */
export const MYSQLDUMP_METHOD = 'mysqldump';

/**
 * Backs the database up with mariadb-dump/mysqldump into `dump.sql`: `--single-transaction
 * --routines --triggers --events --hex-blob --no-tablespaces --default-character-set=utf8mb4`,
 * connection settings and password in a 0600 option file (never on the command line).
 *
 * The row counts are read in the caller's consistent-snapshot transaction (see
 * beginMysqlSnapshot), taken just before the tool starts, while the tool dumps: mysqldump opens
 * its own snapshot a moment later and cannot share ours, so rows written between the two
 * snapshots make the counts differ from the dump. The gap is short (the time to start the tool);
 * use the mysql-driver method when counts must match exactly.
 *
 * @example
 * await beginMysqlSnapshot(session.db)
 * const result = await createMysqldumpBackup(session, url, 'shop', '/backups/b1', { path: '/usr/bin/mariadb-dump', mariadb: true, major: 10 })
 */
export async function createMysqldumpBackup(
  session: MysqlSession,
  url: string,
  database: string,
  dir: string,
  tool: MysqlClientTool,
  scope: Pick<BackupOptions, 'tables' | 'exclude'> = {},
): Promise<BackupResult> {
  const inScope = await mysqlTablesInScope(session.db, scope);
  const tables = scope.tables ? inScope : undefined;
  // A table-scoped backup of tables that do not exist yet holds no dump: its restore only drops them.
  if (tables?.length === 0) return { method: MYSQLDUMP_METHOD, files: [], rowCounts: {}, tables };
  const [server] = await session.db.query<any[]>('SELECT VERSION() AS version');
  const serverIsMariadb = /mariadb/i.test(String(server[0].version));
  const options = await writeMysqlOptionFile(url);
  let rowCounts: Record<string, number>;
  let digest: { size: number; sha256: string };
  try {
    const args = [
      options.argument,
      '--single-transaction',
      // A table-scoped backup holds its tables and their triggers only: routines and events stay as they are.
      ...(tables ? [] : ['--routines', '--events']),
      '--triggers',
      '--hex-blob',
      '--no-tablespaces',
      '--default-character-set=utf8mb4',
      `--result-file=${path.join(dir, MYSQL_DUMP_FILE)}`,
    ];
    for (const table of scope.exclude ?? []) args.push(`--ignore-table=${database}.${table}`);
    args.push(...dumpCompatibilityArgs(tool, serverIsMariadb), '--', database, ...(tables ?? []));
    // The counts read our snapshot, already taken: they run on the server while the tool dumps,
    // and the dump is hashed on its way to the file.
    const dumped = runTool({ command: tool.path, args, secrets: options.secrets });
    [[rowCounts], digest] = await bothSettled(
      bothSettled(countMysqlTableRows(session.db, inScope), dumped),
      digestWhileWritten(path.join(dir, MYSQL_DUMP_FILE), dumped),
    );
  } finally {
    await options.remove();
  }
  return { method: MYSQLDUMP_METHOD, files: [MYSQL_DUMP_FILE], rowCounts, digests: { [MYSQL_DUMP_FILE]: digest }, ...(tables ? { tables } : {}) };
}
