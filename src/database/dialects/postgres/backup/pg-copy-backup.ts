import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { BackupResult } from '../../../backup-driver.ts';
import { HAS_PUBLIC_SCHEMA_SQL, PG_BACKUP_INFO_FILE, writePgBackupInfo, type PgCopyTableFile } from './pg-backup-info.ts';
import { readPgCopyCatalog } from './pg-copy-catalog.ts';
import { pgCopyPostDataSql, pgCopyPreDataSql } from './pg-copy-ddl.ts';
import { findPgCopyUnsupported } from './pg-copy-unsupported.ts';
import { countPgRows } from './pg-row-counts.ts';
import { quotePgIdent } from '../session/pg-sql-text.ts';

/**
 * Name of the driver-only PostgreSQL method.
 *
 * @example
 * await driver.create(dir, { method: PG_COPY_METHOD })
 */
export const PG_COPY_METHOD = 'pg-copy';
/**
 * DDL run before the data (schemas, types, sequences, functions, tables).
 *
 * @example
 * await readFile(path.join(dir, PG_COPY_PRE_DATA_FILE), 'utf8')
 */
export const PG_COPY_PRE_DATA_FILE = 'pre-data.sql';
/**
 * DDL run after the data (constraints, indexes, views, triggers, policies).
 *
 * @example
 * await readFile(path.join(dir, PG_COPY_POST_DATA_FILE), 'utf8')
 */
export const PG_COPY_POST_DATA_FILE = 'post-data.sql';

/**
 * The driver-only PostgreSQL backup, for when no suitable pg_dump is installed. Inside the
 * caller's REPEATABLE READ transaction (see beginPgSnapshot) it takes ACCESS SHARE locks on every
 * table (as pg_dump does, so no DDL changes them meanwhile), rebuilds the DDL from the catalogs
 * (pg-copy-catalog.ts / pg-copy-ddl.ts) into `pre-data.sql` and `post-data.sql`, counts the rows
 * and streams each table with `COPY … TO STDOUT` (text format) into `data/NNNN.copy`: counts,
 * data and DDL all come from the same snapshot.
 *
 * Needs PostgreSQL 12 or newer. Not covered (the backup is refused when the database has any — see pg-copy-unsupported.ts):
 * extensions other than plpgsql, partitioned/inherited/typed tables, materialized views, foreign
 * tables, domains, composite/range/base types, rules, aggregates, collations, operators, text
 * search objects, extended statistics, large objects. Silently not kept: column-level privileges,
 * comments on objects other than schemas/tables/columns/views, view column defaults, index
 * CLUSTER marks and replica identity, per-column statistics/storage settings, database-level
 * objects and settings (event triggers, publications, ALTER DATABASE … SET, roles). Sequence values
 * are read at backup time, not from the snapshot (as with pg_dump). Functions whose SQL-standard
 * body (BEGIN ATOMIC) reads a view, and column defaults calling such late functions, fail to restore.
 *
 * @example
 * await beginPgSnapshot(client)
 * const result = await createPgCopyBackup(client, '/backups/b1', 15)
 * await client.query('COMMIT')
 */
export async function createPgCopyBackup(client: pg.Client, dir: string, serverMajor: number): Promise<BackupResult> {
  if (serverMajor < 12) {
    throw new Error(`The pg-copy backup method needs PostgreSQL 12 or newer (the server is ${serverMajor}): install a pg_dump ${serverMajor} or newer`);
  }
  const unsupported = await findPgCopyUnsupported(client);
  if (unsupported.length > 0) {
    throw new Error(
      `The pg-copy backup method cannot rebuild: ${unsupported.join(', ')}. Install a pg_dump at least as new as the server (PostgreSQL ${serverMajor}) and use the pg_dump method.`,
    );
  }
  const { rows: lockable } = await client.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1`,
  );
  if (lockable.length > 0) await client.query(`LOCK TABLE ${lockable.map((t) => t.name).join(', ')} IN ACCESS SHARE MODE`);
  const catalog = await readPgCopyCatalog(client, serverMajor);
  const rowCounts = await countPgRows(client);
  const { rows: publicRows } = await client.query<{ found: boolean }>(HAS_PUBLIC_SCHEMA_SQL);

  await writeFile(path.join(dir, PG_COPY_PRE_DATA_FILE), pgCopyPreDataSql(catalog), { mode: 0o600 });
  await writeFile(path.join(dir, PG_COPY_POST_DATA_FILE), pgCopyPostDataSql(catalog), { mode: 0o600 });
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const tables: PgCopyTableFile[] = [];
  for (const [i, table] of catalog.tables.entries()) {
    const columns = table.columns.filter((c) => c.generated === '').map((c) => quotePgIdent(c.name));
    const file = `data/${String(i + 1).padStart(4, '0')}.copy`;
    const list = columns.length > 0 ? ` (${columns.join(', ')})` : '';
    await pipeline(client.query(copyTo(`COPY ${table.name}${list} TO STDOUT`)), createWriteStream(path.join(dir, file), { mode: 0o600 }));
    tables.push({ table: table.name, columns, file });
  }
  await writePgBackupInfo(dir, { format: 1, method: PG_COPY_METHOD, serverMajor, publicSchema: publicRows[0]!.found, tables });
  return {
    method: PG_COPY_METHOD,
    files: [PG_BACKUP_INFO_FILE, PG_COPY_PRE_DATA_FILE, ...tables.map((t) => t.file), PG_COPY_POST_DATA_FILE],
    rowCounts,
  };
}
