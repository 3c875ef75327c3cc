import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mysqlPasswordOf } from './mysql-connection.ts';

/**
 * A temporary `[client]` option file for the mysql/mariadb tools, and how to delete it.
 *
 * @example
 * const options: MysqlOptionFile = await writeMysqlOptionFile(url) // options.argument: '--defaults-extra-file=/tmp/dihya-my-x/client.cnf'
 */
export interface MysqlOptionFile {
  /** Pass as the tools' FIRST argument: `--defaults-extra-file=<file>`. */
  argument: string;
  /** The password as given and as written in the file, for masking in messages. */
  secrets: string[];
  remove(): Promise<void>;
}

/**
 * Writes the connection settings of `url` (host, port, user, password, protocol=tcp) into a
 * `[client]` option file, mode 0600 in a fresh 0700 folder, so the password never appears on a
 * command line (`ps` shows those). `remove()` deletes it; call it in a `finally`.
 *
 * @example
 * const options = await writeMysqlOptionFile('mysql://app:pw@db:3306/shop')
 * try { await runTool({ command: dump, args: [options.argument, '--single-transaction', 'shop'] }) }
 * finally { await options.remove() }
 */
export async function writeMysqlOptionFile(url: string): Promise<MysqlOptionFile> {
  const parsed = new URL(url);
  const password = mysqlPasswordOf(url);
  const lines = [
    '[client]',
    `host=${optionValue(parsed.hostname.replace(/^\[(.*)\]$/, '$1'))}`,
    `port=${parsed.port || '3306'}`,
    `user=${optionValue(decodeURIComponent(parsed.username) || 'root')}`,
    // TCP like the driver: the tools would otherwise take "localhost" to mean the Unix socket.
    'protocol=tcp',
  ];
  if (password !== undefined) lines.push(`password=${optionValue(password)}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dihya-my-'));
  const file = path.join(dir, 'client.cnf');
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return {
    argument: `--defaults-extra-file=${file}`,
    secrets: password === undefined ? [] : [password, escapeOptionValue(password)],
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** An option file value in double quotes (so `#` is not taken for a comment), with the escapes the option file reader understands. */
function optionValue(value: string): string {
  return `"${escapeOptionValue(value)}"`;
}

function escapeOptionValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
