import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { toolVersionOutput } from '../../../../tools/tool-version.ts';

/**
 * A MySQL/MariaDB client tool found on PATH.
 *
 * @example
 * const tool: MysqlClientTool = { path: '/usr/bin/mariadb-dump', mariadb: true, major: 10 }
 */
export interface MysqlClientTool {
  path: string;
  /** True for MariaDB's build (mariadb-dump, or mysqldump from MariaDB). */
  mariadb: boolean;
  /** Major version of the tool (e.g. 10 for MariaDB 10.11, 8 for MySQL 8.0). */
  major: number;
}

/**
 * Finds the dump tool (`mariadb-dump`, else `mysqldump`) or the command-line client
 * (`mariadb`, else `mysql`), and reads what it is from `--version` (read once per process: see toolVersionOutput).
 *
 * @example
 * await findMysqlClientTool('dump', findClientTool)   // { path: '/usr/bin/mariadb-dump', mariadb: true, major: 10 }
 * await findMysqlClientTool('client', noClientTools)  // undefined
 */
export async function findMysqlClientTool(kind: 'dump' | 'client', findTool: ClientToolFinder): Promise<MysqlClientTool | undefined> {
  const path = findTool(kind === 'dump' ? ['mariadb-dump', 'mysqldump'] : ['mariadb', 'mysql']);
  if (!path) return undefined;
  const stdout = await toolVersionOutput(path);
  const mariadb = /mariadb/i.test(stdout) || /mariadb/.test(path);
  const distrib = /Distrib\s+(\d+)\./.exec(stdout) ?? /Ver\s+(\d+)\./.exec(stdout);
  return { path, mariadb, major: distrib ? Number(distrib[1]) : Number.NaN };
}

/**
 * The options a dump tool needs for its server beyond the dump itself: MySQL's own mysqldump must
 * not write GTID settings, and must not ask a MariaDB server for column statistics.
 *
 * @example
 * args.push(...dumpCompatibilityArgs(tool, true))
 */
export function dumpCompatibilityArgs(tool: MysqlClientTool, serverIsMariadb: boolean): string[] {
  if (tool.mariadb) return [];
  return ['--set-gtid-purged=OFF', ...(tool.major >= 8 && serverIsMariadb ? ['--column-statistics=0'] : [])];
}
