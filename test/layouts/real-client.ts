import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { connect } from '../../src/database/connect.ts';
import type { Dialect } from '../helpers/databases.ts';

/**
 * Applies `scripts`, in order, with the server's own client in one session, as a team would by
 * hand: `psql -v ON_ERROR_STOP=1 -f` (PostgreSQL), `mariadb < file` (MariaDB), `sqlite3 file < file`
 * (SQLite), all scripts in one file. Throws with the client's message when a statement fails.
 *
 * @example
 * applyWithClient('postgres', 'postgres://postgres@127.0.0.1:5432/x', ['create table t (id int);\n'])
 */
export function applyWithClient(dialect: Dialect, url: string, scripts: string[]): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-client-'));
  const file = path.join(dir, 'all.sql');
  writeFileSync(file, scripts.join('\n'));
  try {
    const run = (command: string, args: string[], input?: string) =>
      execFileSync(command, args, {
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
        ...(input === undefined ? {} : { input }),
      });
    if (dialect === 'postgres') run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file]);
    else if (dialect === 'sqlite') run('sqlite3', ['-bail', new URL(url.replace(/^sqlite:/, 'file:')).pathname], scripts.join('\n'));
    else {
      const u = new URL(url);
      run('mariadb', ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username), u.pathname.slice(1)], scripts.join('\n'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the comparison reads of a database: its schema snapshot (dihya-migrate's own tables left
 * out), every row of every other table in key order, and the names of its routines.
 *
 * @example
 * expect(await databaseContents(migrated, own)).toEqual(await databaseContents(byClient, own))
 */
export async function databaseContents(url: string, own: string[]): Promise<{ schema: unknown; rows: Record<string, unknown[]>; routines: string[] }> {
  const target = await connect(url);
  try {
    const snapshot = await target.snapshotSchema(undefined, own);
    const rows: Record<string, unknown[]> = {};
    for (const table of Object.keys(snapshot.tables).sort()) {
      rows[table] = (await sql.raw(`select * from ${table} order by 1`).execute(target.db)).rows;
    }
    const routineQuery = {
      postgres: "select routine_name as name from information_schema.routines where routine_schema = 'public' order by 1",
      mysql: 'select routine_name as name from information_schema.routines where routine_schema = database() order by 1',
      sqlite: "select name from sqlite_master where type = 'trigger' order by 1",
    }[target.dialect];
    const routines = (await sql.raw<{ name: string }>(routineQuery).execute(target.db)).rows.map((r) => r.name);
    return { schema: snapshot, rows, routines };
  } finally {
    await target.close();
  }
}
