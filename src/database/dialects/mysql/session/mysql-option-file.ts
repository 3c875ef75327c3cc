import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { privateTempFolder } from '../../../../tools/private-temp.ts';
import { mysqlPasswordOf } from './mysql-connection.ts';

/**
 * A temporary `[client]` option file for the mysql/mariadb tools, and how to delete it.
 *
 * @example
 * const options: MysqlOptionFile = await writeMysqlOptionFile(url) // options.argument: '--defaults-extra-file=/project/.dihya/tmp/mysql-4242-x1Yz9a/client.cnf'
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
 * `[client]` option file, mode 0600 in a fresh 0700 folder of the state dir (see privateTempFolder:
 * removed on exit too, swept by the next run after a SIGKILL), so the password never appears on a
 * command line (`ps` shows those) nor in the shared /tmp. `remove()` deletes it; call it in a `finally`.
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
  const temp = await privateTempFolder('mysql');
  const file = path.join(temp.dir, 'client.cnf');
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return {
    argument: `--defaults-extra-file=${file}`,
    secrets: password === undefined ? [] : [password, escapeOptionValue(password)],
    remove: () => temp.remove(),
  };
}

/** An option file value in double quotes (so `#` is not taken for a comment), with the escapes the option file reader understands. */
function optionValue(value: string): string {
  return `"${escapeOptionValue(value)}"`;
}

function escapeOptionValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
