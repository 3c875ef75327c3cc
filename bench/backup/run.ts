/**
 * Backup benchmark: time to back up a PostgreSQL database of about 1 GiB (`--size-mb`) with
 * plain `pg_dump -Fc` and with dihya-migrate's full backup path (`Migrator.open` +
 * `backupNow()`: lock, exported snapshot, exact row counts, pg_dump, SHA-256, schema hash,
 * manifest, audit), and the ratio of their medians.
 *
 * Setup builds `dihya_bench_backup` once (shop tables with keys, indexes, jsonb and text, filled
 * with INSERT … SELECT generate_series in batches) and reuses it while it has the expected size.
 * Runs alternate the two tools, swapping which goes first each round, each in a new output folder
 * deleted afterwards. The server comes from DIHYA_TEST_PG_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres; pg_dump is the one on PATH.
 *
 * @example
 * npx node bench/backup/run.ts                          # 1 GiB, 3 runs each
 * npm run bench:backup -- --size-mb 50 --runs 1         # quick try
 * npx node bench/backup/run.ts --rebuild                # regenerate the database first
 * npm run bench:backup -- --dialect sqlite --size-mb 100  # SQLite against sqlite3 .backup (mysql: mariadb-dump)
 * npm run bench:backup -- --pg-compression 1           # dihya-migrate with backup.pgDumpCompression: 1 against plain pg_dump -Fc
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { ensureBenchDatabase } from './bench-database.ts';
import { readBackupBenchOptions, USAGE, type BackupBenchOptions } from './bench-options.ts';
import { DIHYA_INCLUDES, runDihyaBackup, type DihyaRun } from './dihya-tool.ts';
import { formatBytes, formatSeconds } from './format.ts';
import { runPlainPgDump, type PlainRun } from './pg-dump-tool.ts';
import { runPeerBackupBench } from './peer-bench.ts';
import { formatBreakdown, formatResults } from './report.ts';
import { recordSpawns } from './spawn-timer.ts';

const { sizeMb, runs, rebuild, dialect, pgCompression } = readOptionsOrExit(process.argv.slice(2));
if (dialect !== 'postgres') {
  await runPeerBackupBench(dialect, sizeMb, runs);
  process.exit(0);
}
const adminUrl = process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
recordSpawns();

const db = await ensureBenchDatabase(adminUrl, sizeMb, rebuild);
const pgDumpVersion = execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }).trim();
console.log(
  `database ${new URL(db.url).pathname.slice(1)}: ${formatBytes(db.sizeBytes)} (pg_database_size), ${db.reused ? 'reused' : `built in ${formatSeconds(db.setupMs)}`}`,
);
for (const t of db.tables)
  console.log(`  ${t.name.padEnd(12)} ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${formatBytes(t.bytes).padStart(10)} with indexes`);
console.log(`${pgDumpVersion}, node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, output in ${os.tmpdir()}`);
console.log(`(a) pg_dump -Fc: pg_dump --format=custom --file=… --dbname=… spawned directly`);
console.log(
  `(b) dihya-migrate: ${DIHYA_INCLUDES}${pgCompression === undefined ? '' : `; with backup.pgDumpCompression: ${pgCompression} (pg_dump --compress=${pgCompression})`}`,
);
console.log(`${runs} run(s) per tool, alternating\n`);

const plain: PlainRun[] = [];
const dihya: DihyaRun[] = [];
for (let run = 1; run <= runs; run++) {
  const order = run % 2 === 1 ? (['pg_dump', 'dihya'] as const) : (['dihya', 'pg_dump'] as const);
  for (const tool of order) {
    if (tool === 'pg_dump') {
      const result = await runPlainPgDump(db.url);
      plain.push(result);
      console.error(`run ${run}/${runs}  pg_dump -Fc    ${formatSeconds(result.ms).padStart(9)}  ${formatBytes(result.dumpBytes)}`);
    } else {
      const result = await runDihyaBackup(db.url, pgCompression);
      dihya.push(result);
      console.error(
        `run ${run}/${runs}  dihya-migrate  ${formatSeconds(result.ms).padStart(9)}  ${formatBytes(result.dumpBytes)}  (pg_dump child ${formatSeconds(result.phases.dump)})`,
      );
    }
  }
}
console.log(`\n${formatResults(plain, dihya)}\n\n${formatBreakdown(dihya, plain)}`);

/** The options; a bad command line prints its problem and the usage, and exits with code 2. */
function readOptionsOrExit(args: string[]): BackupBenchOptions {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    return readBackupBenchOptions(args);
  } catch (error) {
    console.error(`bench/backup: ${(error as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }
}
