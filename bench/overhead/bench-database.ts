import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Knex } from 'knex';
import mysql from 'mysql2/promise';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL, withPg } from '../../test/helpers/databases.ts';
import { NodeSqliteKnexClient } from './knex-node-sqlite-client.ts';
import { SMALL_TABLE, type MigrationKind } from './migration-names.ts';

/** Where the benchmark runs: `sqlite` (a file in the run's scratch folder), or the local servers. */
export type BenchDialect = 'sqlite' | 'postgres' | 'mysql';

/** Admin URLs of the local servers (the same defaults as the tests; trust auth on this machine). */

/** The small table, with 100 rows, in any of the three dialects. */
const SMALL_TABLE_SQL = [
  `create table ${SMALL_TABLE} (id integer primary key, label varchar(20))`,
  `insert into ${SMALL_TABLE} (id, label) values ${Array.from({ length: 100 }, (_, i) => `(${i + 1}, 'row ${i + 1}')`).join(', ')}`,
];

/** One run's fresh database: its URL for dihya-migrate, its knex config, checks, and its removal. */
export interface BenchDatabase {
  url: string;
  knexConfig: Knex.Config;
  /**
   * Adds a table `big_data` of about `mb` megabytes (1 KiB rows) that no migration touches;
   * untimed, before the run.
   */
  seedBigTable(mb: number): Promise<void>;
  /** Adds the table the `alter` migrations change, with 100 rows; untimed, before the run. */
  seedSmallTable(): Promise<void>;
  /**
   * Throws unless `historyTable` holds `count` rows and the migrations' work is there: `count`
   * tables `t_N` (`create`), or `count` columns `c_N` in the small table (`alter`).
   */
  verify(historyTable: string, count: number, tool: string, kind: MigrationKind): Promise<void>;
  drop(): Promise<void>;
}

/**
 * A new, empty database for one run: a SQLite file in `dir`, or a scratch database named
 * `perfrun_<pid>_<random>` on the local PostgreSQL or MariaDB server (dropped by `drop()`).
 *
 * @example
 * const db = await createBenchDatabase('postgres', scratch.dir)
 * try { ... } finally { await db.drop() }
 */
export async function createBenchDatabase(dialect: BenchDialect, dir: string): Promise<BenchDatabase> {
  if (dialect === 'sqlite') return sqliteDatabase(path.join(dir, 'bench.db'));
  const name = `perfrun_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  return dialect === 'postgres' ? postgresDatabase(name) : mysqlDatabase(name);
}

function sqliteDatabase(file: string): BenchDatabase {
  const run = (work: (db: DatabaseSync) => void) => {
    const db = new DatabaseSync(file);
    try {
      work(db);
    } finally {
      db.close();
    }
  };
  return {
    url: 'sqlite:' + file,
    knexConfig: { client: NodeSqliteKnexClient, connection: { filename: file }, useNullAsDefault: true },
    seedBigTable: async (mb) =>
      run((db) =>
        db.exec(
          `create table big_data (id integer primary key, payload text);
           with recursive s(n) as (select 1 union all select n + 1 from s where n < ${mb * 1024})
           insert into big_data select n, printf('%.1000c', 'x') from s;`,
        ),
      ),
    seedSmallTable: async () => run((db) => SMALL_TABLE_SQL.forEach((statement) => db.exec(statement))),
    verify: async (historyTable, count, tool, kind) =>
      run((db) => {
        const work =
          kind === 'create'
            ? `select count(*) as n from sqlite_master where type = 'table' and name glob 't_[0-9]*'`
            : `select count(*) as n from pragma_table_info('${SMALL_TABLE}') where name glob 'c_[0-9]*'`;
        const done = db.prepare(work).get() as { n: number };
        const history = db.prepare(`select count(*) as n from "${historyTable}"`).get() as { n: number };
        check(tool, count, historyTable, Number(done.n), Number(history.n), kind);
      }),
    drop: async () => undefined,
  };
}

async function postgresDatabase(name: string): Promise<BenchDatabase> {
  const admin = withPg;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    knexConfig: { client: 'pg', connection: url.toString() },
    seedBigTable: async (mb) => {
      await admin(
        (c) =>
          c.query(
            `create table big_data (id integer primary key, payload text); insert into big_data select g, repeat('x', 1000) from generate_series(1, ${mb * 1024}) g`,
          ),
        url.toString(),
      );
    },
    seedSmallTable: () =>
      admin(async (c) => {
        for (const statement of SMALL_TABLE_SQL) await c.query(statement);
      }, url.toString()),
    verify: (historyTable, count, tool, kind) =>
      admin(async (c) => {
        const work =
          kind === 'create'
            ? `select count(*)::int as n from pg_tables where schemaname = 'public' and tablename ~ '^t_[0-9]+$'`
            : `select count(*)::int as n from information_schema.columns where table_schema = 'public' and table_name = '${SMALL_TABLE}' and column_name ~ '^c_[0-9]+$'`;
        const done = await c.query<{ n: number }>(work);
        const history = await c.query<{ n: number }>(`select count(*)::int as n from "${historyTable}"`);
        check(tool, count, historyTable, done.rows[0]!.n, history.rows[0]!.n, kind);
      }, url.toString()),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function mysqlDatabase(name: string): Promise<BenchDatabase> {
  const admin = async <T>(work: (c: mysql.Connection) => Promise<T>, url = MYSQL_ADMIN_URL) => {
    const connection = await mysql.createConnection({ uri: url, multipleStatements: true });
    try {
      return await work(connection);
    } finally {
      await connection.end();
    }
  };
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    knexConfig: {
      client: 'mysql2',
      connection: { host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), database: name },
    },
    seedBigTable: async (mb) => {
      await admin(
        (c) =>
          c.query(
            `create table big_data (id integer primary key, payload text);
             set session max_recursive_iterations = ${mb * 1024 + 10};
             insert into big_data with recursive s(n) as (select 1 union all select n + 1 from s where n < ${mb * 1024}) select n, repeat('x', 1000) from s`,
          ),
        url.toString(),
      );
    },
    seedSmallTable: () =>
      admin(async (c) => {
        for (const statement of SMALL_TABLE_SQL) await c.query(statement);
      }, url.toString()),
    verify: (historyTable, count, tool, kind) =>
      admin(async (c) => {
        const work =
          kind === 'create'
            ? `select count(*) as n from information_schema.tables where table_schema = database() and table_name regexp '^t_[0-9]+$'`
            : `select count(*) as n from information_schema.columns where table_schema = database() and table_name = '${SMALL_TABLE}' and column_name regexp '^c_[0-9]+$'`;
        const [done] = await c.query(work);
        const [history] = await c.query(`select count(*) as n from \`${historyTable}\``);
        check(tool, count, historyTable, Number((done as { n: number }[])[0]!.n), Number((history as { n: number }[])[0]!.n), kind);
      }, url.toString()),
    drop: () => admin((c) => c.query(`drop database if exists ${name}`)).then(() => undefined),
  };
}

function check(tool: string, count: number, historyTable: string, done: number, history: number, kind: MigrationKind): void {
  const what = kind === 'create' ? 'tables' : `columns in ${SMALL_TABLE}`;
  if (done !== count || history !== count) {
    throw new Error(`${tool}: expected ${count} ${what} and ${count} rows in ${historyTable}, found ${done} ${what} and ${history} rows`);
  }
}
