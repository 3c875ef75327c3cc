/**
 * The backup benchmark on SQLite and MariaDB (`--dialect sqlite|mysql`): dihya-migrate's full
 * backup path (Migrator.open + backupNow() + close: lock, audit, the copy or dump, exact row
 * counts, SHA-256, schema hash, manifest) against the plain tool on the same database, alternating,
 * each in a new folder deleted afterwards:
 *  - SQLite: `sqlite3 <file> ".backup <copy>"` (the online backup API, as dihya-migrate uses it);
 *  - MariaDB: `mariadb-dump` (or mysqldump) with the options dihya-migrate passes
 *    (--single-transaction --routines --triggers --events --hex-blob --no-tablespaces
 *    --default-character-set=utf8mb4 --result-file).
 * The database (a temp file; `dihya_bench_backup_perf` on DIHYA_TEST_MYSQL_URL's server) is built
 * for the run with `--size-mb` of rows in three tables and dropped at the end.
 *
 * @example
 * npm run bench:backup -- --dialect sqlite --size-mb 100 --runs 3
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import mysql from 'mysql2/promise';
import { Migrator } from '../../src/migrator/migrator.ts';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { median } from '../overhead/report.ts';
import { formatBytes, formatSeconds } from './format.ts';
import { makeOutDir } from './out-dir.ts';

/** Rows of about 1 KiB: a key, an indexed text, a number, and a payload. */
const ROW_BYTES = 1024;

interface BenchDatabase {
  url: string;
  /** Timed run of the plain tool into `dir`; returns the size it wrote. */
  plain(dir: string): number;
  drop(): Promise<void>;
}

/**
 * Builds the database, runs both tools `runs` times each, prints medians and their ratio.
 *
 * @example
 * await runPeerBackupBench('sqlite', 100, 3)
 */
export async function runPeerBackupBench(dialect: 'sqlite' | 'mysql', sizeMb: number, runs: number): Promise<void> {
  const rows = Math.ceil((sizeMb * 1024 * 1024) / ROW_BYTES);
  const built = performance.now();
  const db = dialect === 'sqlite' ? buildSqlite(rows) : await buildMysql(rows);
  const peer = dialect === 'sqlite' ? 'sqlite3 .backup' : `${path.basename(findClientTool(['mariadb-dump', 'mysqldump']) ?? 'mariadb-dump')}`;
  try {
    console.log(`${dialect}: ${rows.toLocaleString('en-US')} rows (~${sizeMb} MiB) built in ${formatSeconds(performance.now() - built)}`);
    console.log(
      `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, load ${os.loadavg()[0]!.toFixed(2)}, ${runs} run(s) per tool, alternating`,
    );
    const plainMs: number[] = [];
    const dihyaMs: number[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const tool of run % 2 === 1 ? ['plain', 'dihya'] : ['dihya', 'plain']) {
        const out = makeOutDir(tool);
        try {
          const started = performance.now();
          const bytes = tool === 'plain' ? db.plain(out.dir) : await dihyaBackup(db.url, out.dir);
          const ms = performance.now() - started;
          (tool === 'plain' ? plainMs : dihyaMs).push(ms);
          console.error(
            `run ${run}/${runs}  ${(tool === 'plain' ? peer : 'dihya-migrate').padEnd(16)} ${formatSeconds(ms).padStart(9)}  ${formatBytes(bytes)}`,
          );
        } finally {
          out.remove();
        }
      }
    }
    const [p, d] = [median(plainMs), median(dihyaMs)];
    console.log(`\n${peer.padEnd(16)} median ${formatSeconds(p)}\ndihya-migrate    median ${formatSeconds(d)}\nratio ${(d / p).toFixed(2)}x ${peer}`);
  } finally {
    await db.drop();
  }
}

/** dihya-migrate's backup as `backup create` runs it, in a fresh project folder; returns the backup's size. */
async function dihyaBackup(url: string, dir: string): Promise<number> {
  const migrator = await Migrator.open({ cwd: dir, overrides: { url } });
  try {
    const manifest = await migrator.backupNow('bench');
    return manifest.totalSize;
  } finally {
    await migrator.close();
  }
}

function buildSqlite(rows: number): BenchDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-backup-sqlite-'));
  const file = path.join(dir, 'bench.db');
  const db = new DatabaseSync(file);
  db.exec('pragma journal_mode = wal');
  for (const [i, table] of ['customers', 'orders', 'events'].entries()) {
    db.exec(`create table ${table} (id integer primary key, ref text not null, amount integer, payload text)`);
    db.exec(`create index ${table}_ref on ${table} (ref)`);
    db.exec(
      `insert into ${table} (id, ref, amount, payload)
       with recursive n(i) as (select 1 union all select i + 1 from n where i < ${Math.ceil(rows / 3)})
       select i, 'ref-' || ${i} || '-' || i, i * 7, hex(randomblob(${(ROW_BYTES - 64) / 2})) from n`,
    );
  }
  db.close();
  return {
    url: `sqlite:${file}`,
    plain: (out) => {
      const copy = path.join(out, 'copy.sqlite');
      const r = spawnSync('sqlite3', [file, `.backup '${copy}'`], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`sqlite3 .backup failed: ${r.stderr}`);
      return statSync(copy).size;
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function buildMysql(rows: number): Promise<BenchDatabase> {
  const admin = new URL(process.env.DIHYA_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test');
  const name = 'dihya_bench_backup_perf';
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const c = await mysql.createConnection({ uri: admin.toString(), multipleStatements: true });
  try {
    await c.query(`drop database if exists ${name}; create database ${name}; use ${name}`);
    for (const [i, table] of ['customers', 'orders', 'events'].entries()) {
      await c.query(`create table ${table} (id bigint primary key, ref varchar(64) not null, amount bigint, payload text, key (ref)) engine=InnoDB`);
      await c.query(
        `insert into ${table} select seq, concat('ref-', ${i}, '-', seq), seq * 7, repeat(md5(seq), ${Math.floor((ROW_BYTES - 64) / 32)}) from seq_1_to_${Math.ceil(rows / 3)}`,
      );
    }
  } finally {
    await c.end();
  }
  const tool = findClientTool(['mariadb-dump', 'mysqldump']);
  if (!tool) throw new Error('bench/backup: neither mariadb-dump nor mysqldump is on PATH');
  return {
    url: url.toString(),
    plain: (out) => {
      const file = path.join(out, 'dump.sql');
      const args = ['--single-transaction', '--routines', '--triggers', '--events', '--hex-blob', '--no-tablespaces', '--default-character-set=utf8mb4'];
      const connection = [`--host=${url.hostname}`, `--port=${url.port || '3306'}`, `--user=${decodeURIComponent(url.username)}`];
      const r = spawnSync(tool, [...connection, ...args, `--result-file=${file}`, '--', name], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
      return statSync(file).size;
    },
    drop: async () => {
      const d = await mysql.createConnection({ uri: admin.toString() });
      await d.query(`drop database if exists ${name}`).finally(() => d.end());
    },
  };
}
