import pg from 'pg';
import { BENCH_FOREIGN_KEYS_SQL, BENCH_TABLES, BENCH_TABLES_SQL } from './bench-schema.ts';
import { fillBatch, WORDS_FUNCTION_SQL } from './fill-batch.ts';
import { formatBytes, formatSeconds } from './format.ts';

/** Name of the benchmark database on the server. */
export const BENCH_DATABASE = 'dihya_bench_backup';

const MIB = 1024 * 1024;
/** About this many batches fill the database, whatever its size (progress every ~2.5 %). */
const BATCHES = 40;
/** A database built for `--size-mb N` is reused while its size stays within these factors of N. */
const REUSE_RANGE = [0.9, 1.2] as const;

/** The database the timed runs back up. */
export interface BenchDatabase {
  url: string;
  sizeBytes: number;
  /** True when an existing database of the right size was reused. */
  reused: boolean;
  /** Time spent building it (0 when reused). */
  setupMs: number;
  /** Rows and total size (with indexes and TOAST) per table. */
  tables: { name: string; rows: number; bytes: number }[];
}

/**
 * Returns the benchmark database `dihya_bench_backup` of about `sizeMb` MiB, building it first
 * when it is missing, was built for another size, was left half-built, or `rebuild` is set.
 * A finished build is marked by a database comment naming its `--size-mb`.
 *
 * @example
 * const db = await ensureBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres', 1024, false)
 */
export async function ensureBenchDatabase(adminUrl: string, sizeMb: number, rebuild: boolean): Promise<BenchDatabase> {
  const url = withDatabase(adminUrl, BENCH_DATABASE);
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'dihya bench setup' });
  await admin.connect();
  try {
    const existing = await describeExisting(admin);
    const marker = completeMarker(sizeMb);
    const sizeOk = existing !== undefined && existing.sizeBytes >= REUSE_RANGE[0] * sizeMb * MIB && existing.sizeBytes <= REUSE_RANGE[1] * sizeMb * MIB;
    if (!rebuild && existing?.comment === marker && sizeOk) {
      console.error(`setup: reusing ${BENCH_DATABASE} (${formatBytes(existing.sizeBytes)}, built for --size-mb ${sizeMb}; --rebuild to build it again)`);
      return { url, sizeBytes: existing.sizeBytes, reused: true, setupMs: 0, tables: await describeTables(url) };
    }
    if (existing) {
      const why = rebuild
        ? '--rebuild'
        : existing.comment === marker
          ? `its size ${formatBytes(existing.sizeBytes)} is off`
          : 'it was built for another size or not finished';
      console.error(`setup: dropping ${BENCH_DATABASE} (${why})`);
      await admin.query(`DROP DATABASE ${BENCH_DATABASE} WITH (FORCE)`);
    }
    const started = performance.now();
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
    await build(url, sizeMb * MIB, started);
    await admin.query(`COMMENT ON DATABASE ${BENCH_DATABASE} IS '${marker}'`);
    const setupMs = performance.now() - started;
    const sizeBytes = (await describeExisting(admin))!.sizeBytes;
    console.error(`setup: ${BENCH_DATABASE} built in ${formatSeconds(setupMs)}, ${formatBytes(sizeBytes)}`);
    return { url, sizeBytes, reused: false, setupMs, tables: await describeTables(url) };
  } finally {
    await admin.end();
  }
}

/**
 * Creates the tables, fills them in batches until pg_database_size reaches `targetBytes`, adds
 * the foreign keys, then VACUUM (FREEZE, ANALYZE) and CHECKPOINT, so that no timed run pays for
 * setting hint bits or writing back pages of the build.
 */
async function build(url: string, targetBytes: number, started: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'dihya bench setup' });
  await client.connect();
  try {
    await client.query('SET jit = off'); // JIT compiles each batch's INSERT … SELECT for longer than it runs
    await client.query(WORDS_FUNCTION_SQL);
    await client.query(BENCH_TABLES_SQL);
    const emptyBytes = await databaseSize(client);
    let customers = 0;
    let batch = 500; // first batch: measures how many bytes one customer (with orders, lines, events) takes
    for (let size = emptyBytes, n = 1; size < targetBytes; n++) {
      if (customers > 0) {
        const perCustomer = (size - emptyBytes) / customers;
        const remaining = Math.ceil((targetBytes - size) / perCustomer);
        batch = Math.max(1, Math.min(Math.ceil((targetBytes - emptyBytes) / perCustomer / BATCHES), remaining));
      }
      await fillBatch(client, customers + 1, customers + batch);
      customers += batch;
      size = await databaseSize(client);
      const percent = Math.min(100, (100 * size) / targetBytes)
        .toFixed(0)
        .padStart(3);
      console.error(
        `setup: batch ${String(n).padStart(3)}  ${customers.toLocaleString('en-US').padStart(9)} customers  ${formatBytes(size).padStart(10)} / ${formatBytes(targetBytes)}  ${percent} %  ${formatSeconds(performance.now() - started)}`,
      );
    }
    console.error('setup: adding foreign keys');
    await client.query(BENCH_FOREIGN_KEYS_SQL);
    console.error('setup: VACUUM (FREEZE, ANALYZE) and CHECKPOINT');
    await client.query('VACUUM (FREEZE, ANALYZE)');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

async function describeExisting(admin: pg.Client): Promise<{ sizeBytes: number; comment: string | null } | undefined> {
  const { rows } = await admin.query<{ size: string; comment: string | null }>(
    `SELECT pg_database_size(oid) AS size, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [BENCH_DATABASE],
  );
  return rows[0] ? { sizeBytes: Number(rows[0].size), comment: rows[0].comment } : undefined;
}

async function describeTables(url: string): Promise<BenchDatabase['tables']> {
  const client = new pg.Client({ connectionString: url, application_name: 'dihya bench setup' });
  await client.connect();
  try {
    const tables: BenchDatabase['tables'] = [];
    for (const name of BENCH_TABLES) {
      const { rows } = await client.query<{ rows: string; bytes: string }>(`SELECT count(*) AS rows, pg_total_relation_size('${name}') AS bytes FROM ${name}`);
      tables.push({ name, rows: Number(rows[0]!.rows), bytes: Number(rows[0]!.bytes) });
    }
    return tables;
  } finally {
    await client.end();
  }
}

async function databaseSize(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
  return Number(rows[0]!.size);
}

function completeMarker(sizeMb: number): string {
  return `dihya-migrate backup benchmark: size-mb=${sizeMb}, complete`;
}

/**
 * The same server URL pointing at another database.
 *
 * @example
 * withDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'x') // 'postgres://postgres@127.0.0.1:5432/x'
 */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
