import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { MYSQL_DUMP_COMPLETED } from './mysql-driver-ddl.ts';

/**
 * Checks that a dump.sql is complete: mariadb-dump, mysqldump and the mysql-driver method all end
 * it with a `-- Dump completed` line; a dump cut short (the tool killed, the disk full) has none.
 * Reads only the last kilobytes.
 *
 * @example
 * await checkMysqlDumpComplete('/backups/b1/dump.sql')
 */
export async function checkMysqlDumpComplete(file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`${path.basename(file)} is missing`);
  const size = statSync(file).size;
  const length = Math.min(size, 4096);
  const tail = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, tail, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const lines = tail.toString('utf8').trimEnd().split('\n');
  if (!lines.at(-1)?.startsWith(MYSQL_DUMP_COMPLETED)) {
    throw new Error(`${path.basename(file)} is incomplete: it does not end with the "${MYSQL_DUMP_COMPLETED}" line its dump tool writes last`);
  }
}
