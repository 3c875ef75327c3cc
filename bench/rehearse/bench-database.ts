import pg from 'pg';

/** The database the bench builds, and how long that took. */
export interface BenchDatabase {
  url: string;
  name: string;
  sizeBytes: number;
  rows: number;
  setupMs: number;
}

/** About how many bytes one row of `bench_rows` takes, heap and primary key index together. */
const BYTES_PER_ROW = 260;

/**
 * Creates `name` on the server of `adminUrl` holding one table, `bench_rows` (bigint key, 192
 * characters of text, a timestamp), filled server-side with `INSERT … SELECT generate_series` to
 * about `sizeMb` MiB, then analyzed. Returns its real size (pg_database_size).
 *
 * @example
 * const db = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'dihya_bench_rehearse_1', 256)
 */
export async function createBenchDatabase(adminUrl: string, name: string, sizeMb: number): Promise<BenchDatabase> {
  const started = performance.now();
  await withClient(adminUrl, (c) => c.query(`create database ${name}`));
  const url = databaseUrl(adminUrl, name);
  const rows = Math.max(1, Math.round((sizeMb * 1024 * 1024) / BYTES_PER_ROW));
  const sizeBytes = await withClient(url, async (c) => {
    await c.query('create table bench_rows (id bigint primary key, payload text not null, created_at timestamptz not null)');
    await c.query(
      `insert into bench_rows (id, payload, created_at)
       select i, repeat(md5(i::text), 6), timestamptz '2026-01-01' + i * interval '1 second' from generate_series(1, $1::bigint) as i`,
      [rows],
    );
    await c.query('analyze bench_rows');
    const result = await c.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return Number(result.rows[0]!.size);
  });
  return { url, name, sizeBytes, rows, setupMs: performance.now() - started };
}

/** Drops `name` (sessions on it are ended first); no error when it is not there. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
