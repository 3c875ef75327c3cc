import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { BackupOptions, BackupResult } from '../../../backup-driver.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { HAS_PUBLIC_SCHEMA_SQL, PG_BACKUP_INFO_FILE, writePgBackupInfo } from './pg-backup-info.ts';
import type { PgClientTool } from '../session/pg-client-tools.ts';
import { findPgKeptTables } from './pg-keep-tables.ts';
import { countPgRows, snapshotTableName } from './pg-row-counts.ts';
import { bothSettled } from '../../../../util/both-settled.ts';
import { dependentPgViews, externalPgForeignKeysSql, pgDumpPattern, resolvePgRelations } from './pg-scope.ts';
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
 * For a table-scoped backup: the foreign keys other tables hold on the backed-up ones, to add back after a restore.
 *
 * @example
 * await readFile(path.join(dir, PG_EXTERNAL_KEYS_FILE), 'utf8')
 */
export const PG_EXTERNAL_KEYS_FILE = 'external-foreign-keys.sql';

/**
 * Backs the database up with `pg_dump --format=custom` into `database.pgdump`. The caller's
 * REPEATABLE READ transaction (see beginPgSnapshot) exports its snapshot and stays open while
 * pg_dump runs with `--snapshot`; the exact row counts are read in it meanwhile, so the counts
 * and the dump describe the same instant (of a table-scoped backup: its tables only). The password reaches pg_dump through PGPASSWORD only.
 *
 * `options.exclude` tables are left out (`--exclude-table`). With `options.tables`, only those
 * tables are dumped (`--table`: with their indexes, constraints, triggers and owned sequences),
 * plus the views that depend on them (a restore drops those with the tables), and the foreign keys
 * other tables hold on them go to `external-foreign-keys.sql`.
 *
 * @example
 * await beginPgSnapshot(client)
 * const result = await createPgDumpBackup(client, url, '/backups/b1', { path: '/usr/bin/pg_dump', major: 15 }, 15, { exclude: ['dihya_audit'] })
 * await client.query('COMMIT')
 */
export async function createPgDumpBackup(
  client: pg.Client,
  url: string,
  dir: string,
  pgDump: PgClientTool,
  serverMajor: number,
  options: Pick<BackupOptions, 'tables' | 'exclude' | 'pgDumpCompression'> = {},
): Promise<BackupResult> {
  const snapshot = await exportPgSnapshot(client);
  const excluded = await findPgKeptTables(client, options.exclude ?? []);
  // Queued on the snapshot's connection, answered while pg_dump starts (the same snapshot).
  const publicSchema = client.query<{ found: boolean }>(HAS_PUBLIC_SCHEMA_SQL).then(({ rows }) => rows[0]!.found);
  publicSchema.catch(() => undefined); // awaited below
  const args = ['--format=custom', `--file=${path.join(dir, PG_DUMP_FILE)}`, `--snapshot=${snapshot}`, '--no-password'];
  for (const table of excluded) args.push(`--exclude-table=${pgDumpPattern(table)}`);
  if (options.pgDumpCompression !== undefined) args.push(`--compress=${options.pgDumpCompression}`);
  const files = [PG_DUMP_FILE, PG_BACKUP_INFO_FILE];
  let scope: string[] | undefined;
  if (options.tables) {
    const tables = await resolvePgRelations(client, options.tables);
    const views = await dependentPgViews(
      client,
      tables.map((t) => t.oid),
    );
    for (const relation of [...tables, ...views]) args.push(`--table=${pgDumpPattern(relation)}`);
    await writeFile(
      path.join(dir, PG_EXTERNAL_KEYS_FILE),
      await externalPgForeignKeysSql(
        client,
        tables.map((t) => t.oid),
      ),
      { mode: 0o600 },
    );
    files.push(PG_EXTERNAL_KEYS_FILE);
    scope = tables.map((t) => snapshotTableName(t.schema, t.name));
  }
  const left = new Set(excluded.map((table) => snapshotTableName(table.schema, table.name)));
  const counted = (table: string) => !left.has(table) && (!scope || scope.includes(table));
  const { env, password } = pgToolConnection(url);
  let rowCounts: Record<string, number>;
  // A table-scoped backup of tables that do not exist yet holds no dump: its restore only drops them.
  if (scope?.length === 0) {
    files.shift();
    rowCounts = {};
  } else {
    // The counts read the exported snapshot, which pg_dump reads too: they run while it dumps.
    [rowCounts] = await bothSettled(countPgRows(client, counted), runTool({ command: pgDump.path, args, env, secrets: [password] }));
  }
  await writePgBackupInfo(dir, { format: 1, method: PG_DUMP_METHOD, serverMajor, publicSchema: await publicSchema, ...(scope ? { scope } : {}) });
  return { method: PG_DUMP_METHOD, files, rowCounts, ...(scope ? { tables: scope } : {}) };
}
