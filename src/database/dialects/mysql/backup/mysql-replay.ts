import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { splitSqlStatements } from '../../../../sql/split-sql.ts';
import { findMysqlClientTool } from '../session/mysql-client-tools.ts';
import { mysqlError, openMysqlSession } from '../session/mysql-connection.ts';
import { writeMysqlOptionFile } from '../session/mysql-option-file.ts';

/** MySQL error number for a statement that is empty once executable comments are dropped. */
const ER_EMPTY_QUERY = 1065;

/**
 * Runs a dump.sql (from mariadb-dump/mysqldump or the mysql-driver method) against the database
 * at `url`: with the `mariadb`/`mysql` client when one is on PATH (password in a 0600 option file),
 * else through the driver, statement by statement (splitSqlStatements understands DELIMITER and
 * keeps mysqldump's executable comments `/*!40101 … *\/`, which the server runs). Stops at the first
 * error, with its line number. The driver path reads the whole file into memory.
 *
 * @example
 * await replayMysqlDump('/backups/b1/dump.sql', 'mysql://root@127.0.0.1:3306/shop', 'shop', findClientTool)
 */
export async function replayMysqlDump(file: string, url: string, database: string, findTool: ClientToolFinder): Promise<'client' | 'driver'> {
  const client = await findMysqlClientTool('client', findTool);
  if (client) {
    const options = await writeMysqlOptionFile(url);
    try {
      await runTool({
        command: client.path,
        args: [options.argument, '--default-character-set=utf8mb4', '--batch', `--database=${database}`],
        stdinFile: file,
        secrets: options.secrets,
      });
    } finally {
      await options.remove();
    }
    return 'client';
  }
  const statements = splitSqlStatements(await readFile(file, 'utf8'), 'mysql');
  const session = await openMysqlSession(url);
  try {
    for (const statement of statements) {
      try {
        await session.db.query(statement.sql);
      } catch (error) {
        if ((error as { errno?: number }).errno === ER_EMPTY_QUERY) continue;
        throw mysqlError(`${path.basename(file)} line ${statement.line}`, error, url);
      }
    }
  } finally {
    await session.end();
  }
  return 'driver';
}
