import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Name of the small JSON file both PostgreSQL methods write next to their data.
 *
 * @example
 * path.join(dir, PG_BACKUP_INFO_FILE) // '/backups/b1/backup-info.json'
 */
export const PG_BACKUP_INFO_FILE = 'backup-info.json';

/**
 * One table's data file of a pg-copy backup.
 *
 * @example
 * const file: PgCopyTableFile = { table: 'public.orders', columns: ['"id"', '"total"'], file: 'data/0002.copy' }
 */
export interface PgCopyTableFile {
  /** Schema-qualified, quoted name, e.g. `public.orders`. */
  table: string;
  /** Quoted column names in COPY order (generated columns left out). */
  columns: string[];
  /** Relative path of the COPY text file. */
  file: string;
}

/**
 * What a restore needs to know besides the dump itself.
 *
 * @example
 * const info: PgBackupInfo = { format: 1, method: 'pg_dump', serverMajor: 15, publicSchema: true }
 */
export interface PgBackupInfo {
  format: 1;
  method: 'pg_dump' | 'pg-copy';
  /** The server's major version at backup time. */
  serverMajor: number;
  /** Whether the database had a `public` schema (pg_dump never says so). */
  publicSchema: boolean;
  /** pg-copy only: the data files, in load order. */
  tables?: PgCopyTableFile[];
  /** pg_dump, table-scoped backup: the tables it holds (snapshot names); a restore replaces only those. */
  scope?: string[];
}

/**
 * Writes `backup-info.json` into the backup folder.
 *
 * @example
 * await writePgBackupInfo(dir, { format: 1, method: 'pg_dump', serverMajor: 15, publicSchema: true })
 */
export async function writePgBackupInfo(dir: string, info: PgBackupInfo): Promise<void> {
  await writeFile(path.join(dir, PG_BACKUP_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Reads `backup-info.json` of a backup folder, checking it was written for `method`.
 *
 * @example
 * const info = await readPgBackupInfo(dir, 'pg-copy')
 */
export async function readPgBackupInfo(dir: string, method: PgBackupInfo['method']): Promise<PgBackupInfo> {
  const file = path.join(dir, PG_BACKUP_INFO_FILE);
  let info: PgBackupInfo;
  try {
    info = JSON.parse(await readFile(file, 'utf8')) as PgBackupInfo;
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (info.format !== 1 || info.method !== method) throw new Error(`${file} does not describe a ${method} backup`);
  return info;
}

/**
 * SQL telling whether the connected database has a `public` schema.
 *
 * @example
 * const { rows } = await client.query(HAS_PUBLIC_SCHEMA_SQL) // [{ found: true }]
 */
export const HAS_PUBLIC_SCHEMA_SQL = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'public') AS found";
