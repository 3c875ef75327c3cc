import path from 'node:path';
import type pg from 'pg';
import type { BackupResult } from '../../../backup-driver.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { HAS_PUBLIC_SCHEMA_SQL, PG_BACKUP_INFO_FILE, writePgBackupInfo } from './pg-backup-info.ts';
import type { PgClientTool } from '../session/pg-client-tools.ts';
import { countPgRows } from './pg-row-counts.ts';
import { exportPgSnapshot } from '../session/pg-snapshot.ts';
import { pgToolConnection } from '../session/pg-tool-env.ts';

/**
 * Name of the method that runs pg_dump.
 *
 * @example
 * await driver.create(dir, { method: PG_DUMP_METHOD })
 */
export const PG_DUMP_METHOD = 'pg_dump';
/**
 * The custom-format archive a pg_dump backup writes.
 *
 * @example
 * path.join(dir, PG_DUMP_FILE) // '/backups/b1/database.pgdump'
 */
export const PG_DUMP_FILE = 'database.pgdump';

/**
 * Backs the database up with `pg_dump --format=custom` into `database.pgdump`. The caller's
 * REPEATABLE READ transaction (see beginPgSnapshot) exports its snapshot, takes the exact row
 * counts, and stays open while pg_dump runs with `--snapshot`, so the counts and the dump
 * describe the same instant. The password reaches pg_dump through PGPASSWORD only.
 *
 * @example
 * await beginPgSnapshot(client)
 * const result = await createPgDumpBackup(client, url, '/backups/b1', { path: '/usr/bin/pg_dump', major: 15 }, 15)
 * await client.query('COMMIT')
 */
export async function createPgDumpBackup(client: pg.Client, url: string, dir: string, pgDump: PgClientTool, serverMajor: number): Promise<BackupResult> {
  const snapshot = await exportPgSnapshot(client);
  const rowCounts = await countPgRows(client);
  const { rows } = await client.query<{ found: boolean }>(HAS_PUBLIC_SCHEMA_SQL);
  const { env, password } = pgToolConnection(url);
  await runTool({
    command: pgDump.path,
    args: ['--format=custom', `--file=${path.join(dir, PG_DUMP_FILE)}`, `--snapshot=${snapshot}`, '--no-password'],
    env,
    secrets: [password],
  });
  await writePgBackupInfo(dir, { format: 1, method: PG_DUMP_METHOD, serverMajor, publicSchema: rows[0]!.found });
  return { method: PG_DUMP_METHOD, files: [PG_DUMP_FILE, PG_BACKUP_INFO_FILE], rowCounts };
}
