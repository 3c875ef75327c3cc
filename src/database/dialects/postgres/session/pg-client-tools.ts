import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { toolVersionOutput } from '../../../../tools/tool-version.ts';

/**
 * A PostgreSQL client tool found on PATH, with its major version.
 *
 * @example
 * const tool: PgClientTool = { path: '/usr/bin/pg_dump', major: 15 }
 */
export interface PgClientTool {
  path: string;
  major: number;
}

/**
 * Finds a PostgreSQL client tool (`pg_dump`, `pg_restore`, `psql`) and reads its major version
 * from `--version` (read once per process). Undefined when it is not on PATH (or hidden by DIHYA_NO_CLIENT_TOOLS).
 *
 * @example
 * await findPgClientTool('pg_dump', findClientTool) // { path: '/usr/bin/pg_dump', major: 15 }
 */
export async function findPgClientTool(name: 'pg_dump' | 'pg_restore' | 'psql', findTool: ClientToolFinder): Promise<PgClientTool | undefined> {
  const path = findTool([name]);
  if (!path) return undefined;
  const stdout = await toolVersionOutput(path);
  return { path, major: parsePgToolMajor(stdout) };
}

/**
 * The major version in a libpq tool's `--version` output; NaN when unreadable.
 *
 * @example
 * parsePgToolMajor('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)') // 15
 * parsePgToolMajor('psql (PostgreSQL) 9.6.24')                             // 9
 */
export function parsePgToolMajor(versionOutput: string): number {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput) ?? /\b(\d+)\.\d+/.exec(versionOutput);
  return match ? Number(match[1]) : Number.NaN;
}
