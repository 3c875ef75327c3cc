import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';

const ALL_DIALECTS = ['sqlite', 'postgres', 'mysql'] as const;
export type Dialect = (typeof ALL_DIALECTS)[number];

/**
 * The dialects the suites run on: all three, or those named in DIHYA_TEST_DIALECTS
 * (`DIHYA_TEST_DIALECTS=sqlite npm test` needs no database server).
 */
export const DIALECTS: readonly Dialect[] = selectDialects(process.env.DIHYA_TEST_DIALECTS);

/** True when the suites run on `dialect` (see DIALECTS). */
export function testsOn(dialect: Dialect): boolean {
  return DIALECTS.includes(dialect);
}

function selectDialects(value: string | undefined): readonly Dialect[] {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) return ALL_DIALECTS;
  const unknown = names.filter((n) => !(ALL_DIALECTS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`DIHYA_TEST_DIALECTS: unknown dialect(s) ${unknown.join(', ')} (known: ${ALL_DIALECTS.join(', ')})`);
  return ALL_DIALECTS.filter((d) => names.includes(d));
}

/** Admin URLs of the real servers the tests use (trust auth on this machine). */
export const PG_ADMIN_URL = process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN_URL = process.env.DIHYA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export interface ScratchDatabase {
  dialect: Dialect;
  url: string;
  /** For SQLite: the file. */
  file?: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the real server of `dialect` (a temp file for SQLite). */
export async function createScratchDatabase(dialect: Dialect): Promise<ScratchDatabase> {
  const name = `dihya_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-db-'));
    const file = path.join(dir, 'test.db');
    // An empty file is an empty database; read-only commands refuse a file that does not exist.
    writeFileSync(file, '');
    return { dialect, url: `sqlite:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgres') {
    await withPg((c) => c.query(`create database ${name}`));
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return { dialect, url: url.toString(), drop: () => withPg((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined) };
  }
  await withMysql((c) => c.query(`create database ${name}`));
  const url = new URL(MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  return { dialect, url: url.toString(), drop: () => withMysql((c) => c.query(`drop database if exists ${name}`)).then(() => undefined) };
}

export async function withPg<T>(work: (client: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function withMysql<T>(work: (connection: mysql.Connection) => Promise<T>, url = MYSQL_ADMIN_URL): Promise<T> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
