import mysql from 'mysql2/promise';
import pg from 'pg';

/** The dialects the plan benchmark runs on. */
export type PlanBenchDialect = 'postgres' | 'mysql';

/** Admin URLs of the servers (the test suites' defaults). */
export const ADMIN_URL: Record<PlanBenchDialect, string> = {
  postgres: process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mysql: process.env.DIHYA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
};

/**
 * The DDL of a `count`-table schema: `t0000` … , each with a key, four columns, an index, and
 * (every table after the first ten) a foreign key to a table ten before it, so references chain.
 *
 * @example
 * benchSchemaSql(3) // ['create table t0000 (…)', 'create index t0000_name on t0000 (name)', …]
 */
export function benchSchemaSql(count: number): string[] {
  const statements: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = tableName(i);
    const fk = i >= 10 ? `, parent_id integer references ${tableName(i - 10)} (id)` : ', parent_id integer';
    statements.push(
      `create table ${t} (id integer primary key, name varchar(100) not null, amount_cents integer not null default 0, note text, created_at timestamp null${fk})`,
      `create index ${t}_name on ${t} (name)`,
    );
  }
  return statements;
}

/** The name of the `i`-th benchmark table. */
export function tableName(i: number): string {
  return `t${String(i).padStart(4, '0')}`;
}

/**
 * Creates database `name` on the server of `dialect` (dropped first if there) holding the
 * `count`-table schema; returns its URL.
 *
 * @example
 * const url = await createPlanBenchDatabase('postgres', 'perfplan_bench_pg', 1000)
 */
export async function createPlanBenchDatabase(dialect: PlanBenchDialect, name: string, count: number): Promise<string> {
  await dropPlanBenchDatabase(dialect, name);
  const url = new URL(ADMIN_URL[dialect]);
  url.pathname = `/${name}`;
  const sql = benchSchemaSql(count);
  if (dialect === 'postgres') {
    await withPg(ADMIN_URL.postgres, (c) => c.query(`create database ${name}`));
    await withPg(url.toString(), async (c) => {
      for (let i = 0; i < sql.length; i += 200) await c.query(sql.slice(i, i + 200).join(';\n'));
    });
  } else {
    await withMysql(ADMIN_URL.mysql, (c) => c.query(`create database ${name}`));
    await withMysql(url.toString(), async (c) => {
      for (const statement of sql) await c.query(statement);
    });
  }
  return url.toString();
}

/** Drops database `name`; no error when it is not there. */
export async function dropPlanBenchDatabase(dialect: PlanBenchDialect, name: string): Promise<void> {
  if (dialect === 'postgres') await withPg(ADMIN_URL.postgres, (c) => c.query(`drop database if exists ${name} with (force)`));
  else await withMysql(ADMIN_URL.mysql, (c) => c.query(`drop database if exists ${name}`));
}

async function withPg<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function withMysql<T>(url: string, run: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection(url);
  try {
    return await run(connection);
  } finally {
    await connection.end();
  }
}
