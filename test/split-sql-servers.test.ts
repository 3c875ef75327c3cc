import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../src/sql/split-sql.ts';
import { createScratchDatabase, testsOn, withMysql, type ScratchDatabase } from './helpers/databases.ts';
import { sqlFile, type FuzzFile } from './helpers/sql-fuzz.ts';

/*
 * The splitter against the servers' own clients: each generated file runs through psql, the
 * mariadb client and sqlite3, and each statement the splitter returns runs alone through the
 * driver. Every generated statement leaves one trace (a row, a routine, a trigger or a rule), so
 * both runs must leave as many traces as the file has statements — and each piece exactly one.
 * `npm run test:fuzz-sql` runs many more files.
 */
const RUNS = Number(process.env.DIHYA_FUZZ_SQL_SERVER_RUNS ?? 15);
/** A long run takes up to about a second per file on MariaDB. */
const TIMEOUT = Math.max(120_000, RUNS * 2_000);

/** Runs a client with the file on its standard input; throws with its output when it fails. */
function runClient(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}\n--- file ---\n${input}`);
}

async function checkPieces(file: FuzzFile, pieces: { sql: string }[], run: (sql: string) => Promise<void>, traces: () => Promise<number>): Promise<void> {
  expect(pieces).toEqual(file.expected);
  for (const [index, piece] of pieces.entries()) {
    await run(piece.sql);
    expect(await traces(), `after piece ${index}: ${piece.sql}`).toBe(index + 1);
  }
}

describe.runIf(testsOn('postgres'))('splitter and psql agree on generated files', () => {
  let db: ScratchDatabase;
  let client: pg.Client;
  const reset = () =>
    client.query(`drop schema if exists fz cascade; create schema fz;
      create table fz.fz_log (n int, s text); create table fz.fz_src (a int); create table fz.fz_sink (s text)`);
  const traces = async () =>
    Number(
      (
        await client.query(`select (select count(*) from fz.fz_log)
          + (select count(*) from pg_proc p join pg_namespace ns on ns.oid = p.pronamespace where ns.nspname = 'fz')
          + (select count(*) from pg_rules where schemaname = 'fz') as n`)
      ).rows[0].n,
    );

  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('set search_path = fz');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it(
    'psql runs each file with one trace per statement, and each piece alone leaves one',
    async () => {
      await fc.assert(
        fc.asyncProperty(sqlFile('postgres', { clientCompatible: true }), async (file) => {
          await reset();
          runClient('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', db.url], file.text, { PGOPTIONS: '-c search_path=fz -c client_min_messages=warning' });
          expect(await traces()).toBe(file.expected.length);
          await reset();
          await checkPieces(file, splitSqlStatements(file.text, 'postgres'), (sql) => client.query(sql).then(() => undefined), traces);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe.runIf(testsOn('mysql'))('splitter and the mariadb client agree on generated files', () => {
  let db: ScratchDatabase;
  let connection: mysql.Connection;
  let name: string;
  const reset = async () => {
    await withMysql(async (c) => {
      await c.query(`drop database if exists \`${name}\``);
      await c.query(`create database \`${name}\``);
    });
    await connection.query(`use \`${name}\``);
    await connection.query('create table fz_log (n int, s text)');
    await connection.query('create table fz_src (a int)');
  };
  const traces = async () => {
    const [rows] = await connection.query(`select (select count(*) from fz_log)
      + (select count(*) from information_schema.routines where routine_schema = database())
      + (select count(*) from information_schema.triggers where trigger_schema = database()) as n`);
    return Number((rows as { n: number }[])[0]!.n);
  };

  beforeAll(async () => {
    db = await createScratchDatabase('mysql');
    const url = new URL(db.url);
    name = url.pathname.slice(1);
    connection = await mysql.createConnection({ uri: db.url });
  });
  afterAll(async () => {
    await connection.end();
    await db.drop();
  });

  it(
    'the mariadb client runs each file (DELIMITER, routines) with one trace per statement, and each piece alone leaves one',
    async () => {
      const url = new URL(db.url);
      const args = ['--batch', '-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username), name];
      await fc.assert(
        fc.asyncProperty(sqlFile('mysql', { clientCompatible: true }), async (file) => {
          await reset();
          runClient('mariadb', args, file.text, { MYSQL_PWD: decodeURIComponent(url.password) });
          expect(await traces()).toBe(file.expected.length);
          await reset();
          await checkPieces(file, splitSqlStatements(file.text, 'mysql'), (sql) => connection.query(sql).then(() => undefined), traces);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'routines written with `;` (no DELIMITER) reach the server whole',
    async () => {
      await fc.assert(
        fc.asyncProperty(sqlFile('mysql', { clientCompatible: false }), async (file) => {
          await reset();
          await checkPieces(file, splitSqlStatements(file.text, 'mysql'), (sql) => connection.query(sql).then(() => undefined), traces);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

describe('splitter and sqlite3 agree on generated files', () => {
  let dir: string;
  beforeAll(() => {
    // in memory where the machine has it: sqlite3 commits each statement
    dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'dihya-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const open = (file: string) => {
    const db = new DatabaseSync(file);
    db.exec('create table fz_log (n int, s text); create table fz_src (a int); create table fz_sink (s text)');
    return db;
  };
  const traces = (db: DatabaseSync) =>
    Number((db.prepare("select (select count(*) from fz_log) + (select count(*) from sqlite_master where type = 'trigger') as n").get() as { n: number }).n);

  it(
    'sqlite3 runs each file with one trace per statement, and each piece alone leaves one',
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(sqlFile('sqlite', { clientCompatible: true }), async (file) => {
          const viaClient = path.join(dir, `c${++n}.db`);
          open(viaClient).close();
          runClient('sqlite3', ['-bail', viaClient], file.text);
          const check = new DatabaseSync(viaClient);
          expect(traces(check)).toBe(file.expected.length);
          check.close();
          const db = open(':memory:');
          await checkPieces(
            file,
            splitSqlStatements(file.text, 'sqlite'),
            async (sql) => db.exec(sql),
            async () => traces(db),
          );
          db.close();
        }),
        { numRuns: RUNS * 2 },
      );
    },
    TIMEOUT,
  );
});
