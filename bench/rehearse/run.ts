/**
 * Rehearsal benchmark: what `dihya-migrate rehearse` costs on a PostgreSQL database of about
 * 1 GiB (`--size-mb`, or DIHYA_BENCH_SIZE_MB), against the plain copy it is made of.
 *
 * One run builds `dihya_bench_rehearse_<pid>` (one table filled server-side with
 * generate_series), then times, alternating and swapping which goes first each round:
 * (a) createdb + `pg_dump -Fc | pg_restore` into a new database, dropped afterwards;
 * (b) `Migrator.open` + `rehearse()` of one trivial pending migration (backup, restore into a
 * scratch database, up, down with the round-trip check, up again, drop, receipt) + `close()`.
 * It prints the medians, the ratio (b)/(a) and seconds per GiB, then drops what it created.
 * The server comes from DIHYA_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres.
 *
 * @example
 * npm run bench:rehearse                       # 1 GiB, 1 run each
 * npm run bench:rehearse -- --size-mb 256 --runs 3
 */
import os from 'node:os';
import { median } from '../backup/report.ts';
import { formatBytes, formatSeconds } from '../backup/format.ts';
import { createBenchDatabase, dropDatabase } from './bench-database.ts';
import { timePlainCopy, timeRehearsal } from './copy-tools.ts';

const USAGE = 'usage: node bench/rehearse/run.ts [--size-mb <MiB, default 1024>] [--runs <n, default 1>]';
const { sizeMb, runs } = readOptionsOrExit(process.argv.slice(2));
const adminUrl = process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `dihya_bench_rehearse_${process.pid}`;

try {
  const db = await createBenchDatabase(adminUrl, name, sizeMb);
  const gib = db.sizeBytes / 1024 ** 3;
  console.log(
    `database ${name}: ${formatBytes(db.sizeBytes)} (pg_database_size), ${db.rows.toLocaleString('en-US')} rows, built in ${formatSeconds(db.setupMs)}`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}`);
  console.log('(a) plain copy: createdb + pg_dump -Fc | pg_restore --no-owner');
  console.log('(b) dihya-migrate rehearse: Migrator.open + rehearse() of one trivial migration (copy, up, down, up again, drop, receipt) + close');
  console.log(`${runs} run(s) per tool, alternating\n`);

  const plain: number[] = [];
  const rehearsal: number[] = [];
  const copy: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const order = run % 2 === 1 ? (['plain', 'rehearse'] as const) : (['rehearse', 'plain'] as const);
    for (const tool of order) {
      if (tool === 'plain') {
        const ms = await timePlainCopy(adminUrl, db.url, `${name}_copy`);
        plain.push(ms);
        console.error(`run ${run}/${runs}  pg_dump | pg_restore  ${formatSeconds(ms).padStart(9)}`);
      } else {
        const result = await timeRehearsal(db.url);
        rehearsal.push(result.ms);
        copy.push(result.copyMs);
        console.error(`run ${run}/${runs}  dihya-migrate rehearse ${formatSeconds(result.ms).padStart(9)}  (of which copy ${formatSeconds(result.copyMs)})`);
      }
    }
  }
  const perGib = (ms: number) => `${(ms / 1000 / gib).toFixed(1)} s/GiB`;
  const [a, b, c] = [median(plain), median(rehearsal), median(copy)];
  console.log(`plain copy (median)        ${formatSeconds(a).padStart(9)}  ${perGib(a)}`);
  console.log(`rehearse (median)          ${formatSeconds(b).padStart(9)}  ${perGib(b)}`);
  console.log(`  of which its copy        ${formatSeconds(c).padStart(9)}  ${perGib(c)}`);
  console.log(`ratio rehearse / plain copy: ${(b / a).toFixed(2)}`);
} finally {
  await dropDatabase(adminUrl, name);
}

function readOptionsOrExit(args: string[]): { sizeMb: number; runs: number } {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const sizeMb = Number(value('--size-mb') ?? process.env.DIHYA_BENCH_SIZE_MB ?? 1024);
  const runs = Number(value('--runs') ?? 1);
  if (!Number.isInteger(sizeMb) || sizeMb < 1 || !Number.isInteger(runs) || runs < 1) {
    console.error(`bench/rehearse: --size-mb and --runs take positive whole numbers\n${USAGE}`);
    process.exit(2);
  }
  return { sizeMb, runs };
}
