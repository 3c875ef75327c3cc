import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { findPgClientTool, type PgClientTool } from './pg-client-tools.ts';
import { PG_COPY_METHOD } from '../backup/pg-copy-backup.ts';

/**
 * The pg_dump to use against a server of major version `serverMajor`: one on PATH whose major
 * version is at least the server's (an older pg_dump refuses newer servers). Undefined when there
 * is none, so the caller falls back to the driver-only path; with `required`, throws instead,
 * saying what to install.
 *
 * @example
 * await usablePgDump(findClientTool, 15, false) // { path: '/usr/bin/pg_dump', major: 15 }
 * await usablePgDump(noClientTools, 15, false)  // undefined
 */
export async function usablePgDump(findTool: ClientToolFinder, serverMajor: number, required: boolean): Promise<PgClientTool | undefined> {
  const pgDump = await findPgClientTool('pg_dump', findTool);
  if (pgDump && pgDump.major >= serverMajor) return pgDump;
  if (!required) return undefined;
  throw new Error(
    pgDump
      ? `pg_dump at ${pgDump.path} is version ${pgDump.major}, older than the server (PostgreSQL ${serverMajor}): install a pg_dump ${serverMajor} or newer, or use the "${PG_COPY_METHOD}" method`
      : `pg_dump not found on PATH: install the PostgreSQL ${serverMajor} client tools, or use the "${PG_COPY_METHOD}" method`,
  );
}
