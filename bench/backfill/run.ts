/**
 * Backfill benchmark: `n = n + 1` on every row of `accounts`, once as one bare UPDATE and once
 * as a dihya-migrate backfill (batches of their own transactions with checkpoints, adaptive size
 * toward --target-ms), in the same run on the same table. Prints each one's throughput, the
 * ratio backfill / bare UPDATE, the longest lock hold (the bare UPDATE holds its row locks for
 * its whole duration; a backfill for its longest batch, from its UPDATE sent to its COMMIT
 * acknowledged, tries stopped at PostgreSQL's statement ceiling included, with its longest
 * BEGIN-to-COMMIT transaction beside it), and the p50/p99 latency of a concurrent
 * single-row writer under each (PostgreSQL and MariaDB; SQLite has one writer at a time).
 * The backfill runs through `Migrator.up()` with backups off (the run's backup is not what is
 * measured) and reports its own timings.
 *
 * Servers: DIHYA_TEST_PG_URL / DIHYA_TEST_MYSQL_URL (defaults as in the tests). Each database
 * is created for the run and dropped after it.
 *
 * @example
 * npx node bench/backfill/run.ts                               # 5,000,000 rows on all three
 * npm run bench:backfill -- --rows 200000 --dialects sqlite     # quick try
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { connect } from '../../src/database/connect.ts';
import type { DialectName } from '../../src/database/parse-url.ts';
import { Migrator } from '../../src/migrator/migrator.ts';
import { fillAccounts } from './bench-table.ts';
import { startWriter, type WriterReport } from './concurrent-writer.ts';
import mysql from 'mysql2/promise';
import pg from 'pg';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const rows = Number(option('rows', '5000000'));
const targetMs = Number(option('target-ms', '200'));
const batchSize = Number(option('batch-size', '1000'));
const dialects = option('dialects', 'postgres,mysql,sqlite').split(',') as DialectName[];
const PG = process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MY = process.env.DIHYA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

const MIGRATION = `export default {
  description: 'bench: n = n + 1 on every account',
  backfill: true,
  async up({ backfill, sql }) {
    globalThis.__dihyaBenchBackfill = await backfill({ table: 'accounts', set: { n: sql\`n + 1\` }, batchSize: ${batchSize}, targetBatchMs: ${targetMs} });
  },
};
`;

interface Scratch {
  url: string;
  drop(): Promise<void>;
}

async function scratch(dialect: DialectName): Promise<Scratch> {
  const name = `dihya_bench_backfill_${process.pid}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-backfill-'));
    return { url: `sqlite:${path.join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgres') {
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: PG });
      await c.connect();
      await c.query(q);
      await c.end();
    };
    await admin(`create database ${name}`);
    const url = new URL(PG);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
  }
  const admin = async (q: string) => {
    const c = await mysql.createConnection({ uri: MY });
    await c.query(q);
    await c.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(MY);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name}`) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;
const latency = (w: WriterReport | undefined) =>
  w
    ? `writer p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, max ${w.max.toFixed(0)} ms (${w.writes} writes${w.failed ? `, ${w.failed} failed` : ''})`
    : 'writer n/a';

console.log(`backfill bench: ${rows.toLocaleString('en-US')} rows, n = n + 1, first batch ${batchSize}, target ${targetMs} ms per batch`);
console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}\n`);

/**
 * Before each measured run, the table as the server keeps it between changes: PostgreSQL vacuums
 * it (no dead rows, as autovacuum keeps it); MariaDB waits (up to 60 s) for the purge of the last
 * run's undo log, so one run's cleanup does not slow the next down.
 */
async function settle(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`vacuum accounts`.execute(db);
  if (dialect !== 'mysql') return;
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const { rows } = await sql<{ n: number | string }>`select count as n from information_schema.innodb_metrics where name = 'trx_rseg_history_len'`.execute(
      db,
    );
    if (Number(rows[0]?.n ?? 0) < 1000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** One bare `UPDATE … SET n = n + 1` of every row, under a concurrent writer. */
async function bareUpdate(url: string, dialect: DialectName): Promise<{ ms: number; writer: WriterReport | undefined }> {
  const target = await connect(url);
  try {
    await settle(target.db, dialect);
    const writer = dialect === 'sqlite' ? undefined : await startWriter(url, rows);
    const started = performance.now();
    await sql`update accounts set n = n + 1`.execute(target.db);
    const ms = performance.now() - started;
    return { ms, writer: await writer?.stop() };
  } finally {
    await target.close();
  }
}

interface BenchBackfill {
  durationMs: number;
  longestBatchMs: number;
  longestTransactionMs: number;
  batchesOverTarget: number;
  batchesSplit: number;
  p99BatchMs: number;
  batches: number;
  finalBatchSize: number;
  rowsDone: number;
}

/** The same change as a backfill, through `Migrator.up()` (backups off), under a concurrent writer. */
async function backfillRun(
  url: string,
  dialect: DialectName,
  dir: string,
): Promise<{ result: BenchBackfill; wallMs: number; writer: WriterReport | undefined }> {
  const target = await connect(url);
  await settle(target.db, dialect);
  await target.close();
  const migrations = path.join(dir, 'migrations');
  mkdirSync(migrations);
  writeFileSync(path.join(migrations, '20260101000000_bench_increment.ts'), MIGRATION);
  writeFileSync(path.join(dir, 'dihya.config.json'), JSON.stringify({ url, backup: { enabled: false } }));
  const migrator = await Migrator.open({ cwd: dir });
  try {
    const writer = dialect === 'sqlite' ? undefined : await startWriter(url, rows);
    const started = performance.now();
    await migrator.up();
    const wallMs = performance.now() - started;
    const result = (globalThis as { __dihyaBenchBackfill?: BenchBackfill }).__dihyaBenchBackfill!;
    return { result, wallMs, writer: await writer?.stop() };
  } finally {
    await migrator.close();
  }
}

for (const dialect of dialects) {
  const db = await scratch(dialect);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-project-'));
  try {
    const target = await connect(db.url);
    const filled = performance.now();
    await fillAccounts(target.db, dialect, rows);
    await target.close();
    console.log(`${dialect}: table filled in ${seconds(performance.now() - filled)}`);

    const first = await bareUpdate(db.url, dialect);
    const { result, wallMs, writer: backfillWriter } = await backfillRun(db.url, dialect, dir);
    const second = await bareUpdate(db.url, dialect);
    const check = await connect(db.url);
    const { rows: counts } = await sql<{ n: number | string; c: number | string }>`select n, count(*) as c from accounts group by n`.execute(check.db);
    await check.close();
    const bareMs = (first.ms + second.ms) / 2;

    console.log(
      `  bare UPDATE   ${seconds(first.ms)} and ${seconds(second.ms)} (mean ${seconds(bareMs)}, ${rate(bareMs)}); one transaction holds its row locks ${seconds(bareMs)}`,
    );
    console.log(`                ${latency(first.writer)} | ${latency(second.writer)}`);
    console.log(
      `  backfill      ${seconds(result.durationMs)} (${rate(result.durationMs)}; whole up() ${seconds(wallMs)}), ${result.batches} batches, last size ${result.finalBatchSize}, longest lock hold ${result.longestBatchMs} ms (transaction ${result.longestTransactionMs} ms; p99 ${result.p99BatchMs} ms, ${result.batchesOverTarget} over ${targetMs} ms, ${result.batchesSplit} stopped at the statement ceiling and split)`,
    );
    console.log(`                ${latency(backfillWriter)}`);
    const writerP99 = (w: WriterReport | undefined) => (w ? `${w.p99.toFixed(1)} ms` : 'n/a');
    console.log(
      `  ratio backfill / bare UPDATE throughput: ${(bareMs / result.durationMs).toFixed(2)}x; longest lock hold ${result.longestBatchMs} ms vs ${Math.round(bareMs)} ms; writer p99 ${writerP99(backfillWriter)} vs ${writerP99(first.writer)} / ${writerP99(second.writer)}`,
    );
    console.log(`  check: ${counts.map((r) => `${Number(r.c)} rows at n = ${Number(r.n)}`).join(', ')} (expected ${rows} at 3)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}
