/**
 * Long-history benchmark: applies a generated history of N migrations (default 1,000: tables with
 * rows, columns, indexes, views, procedures, dynamic DDL, placeholders, concurrent indexes; see
 * test/layouts/generated-history.ts) to a fresh database with dihya-migrate `up` (its whole safety
 * net: lock, backup, audit entry, history row, schema tracking, data and row-loss checks, step
 * backups before DDL that cannot roll back) and with the server's own client applying the same
 * `up` scripts in one session (`psql -f`, `mariadb <`), and prints both times and their ratio.
 *
 * Runs alternate which tool goes first, each on new databases, so machine load hits both alike;
 * the load average is printed with the figures.
 *
 * @example
 * npm run bench:history                                  # 1,000 migrations, PostgreSQL and MariaDB, 1 run
 * npm run bench:history -- --count 200 --runs 3 --dialects postgres --layout sqitch
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from '../../src/migrator/migrator.ts';
import type { Dialect } from '../../test/helpers/databases.ts';
import { generatedHistory, HISTORY_LAYOUTS, type HistoryLayout } from '../../test/layouts/generated-history.ts';
import { layoutsDatabase, writeTree } from '../../test/layouts/layout-fixtures.ts';
import { applyWithClient } from '../../test/layouts/real-client.ts';

interface Options {
  count: number;
  runs: number;
  dialects: Dialect[];
  layout: HistoryLayout;
}

const options = readOptionsOrExit(process.argv.slice(2));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`${options.count} migrations (${options.layout} layout), ${options.runs} run(s) per dialect, fresh databases per run`);
console.log(
  `node ${process.version}, ${os.cpus().length} cpu(s), load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
const rows: string[] = [];
/** Of dihya-migrate's time, the step backups (before each statement that cannot roll back): count and milliseconds, last run. */
const stepBackups = { count: 0, ms: 0 };
for (const dialect of options.dialects) {
  const dihya: number[] = [];
  const client: number[] = [];
  for (let run = 1; run <= options.runs; run++) {
    const { files, upScripts } = generatedHistory(options.layout, options.count, dialect);
    const order = run % 2 === 1 ? ['dihya', 'client'] : ['client', 'dihya'];
    for (const tool of order) {
      const ms = tool === 'dihya' ? await timeDihya(dialect, files, options.count) : await timeClient(dialect, upScripts);
      (tool === 'dihya' ? dihya : client).push(ms);
      console.error(`${dialect} run ${run}/${options.runs}  ${tool === 'dihya' ? 'dihya-migrate up' : clientName(dialect)}  ${(ms / 1000).toFixed(2)} s`);
    }
  }
  const [d, c] = [median(dihya), median(client)];
  rows.push(
    `| ${dialect === 'mysql' ? 'MariaDB' : 'PostgreSQL'} | ${(d / 1000).toFixed(1)} s (${(d / options.count).toFixed(1)} ms/migration) | ${stepBackups.count}, ${(stepBackups.ms / 1000).toFixed(1)} s | ${(c / 1000).toFixed(2)} s | ${(d / c).toFixed(1)}x |`,
  );
}
console.log(
  `| dialect | dihya-migrate up | of which step backups (count, time) | server's client, one session | ratio |\n|---|---|---|---|---|\n${rows.join('\n')}`,
);
console.log(
  `\nload average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

function clientName(dialect: Dialect): string {
  return dialect === 'postgres' ? 'psql -f' : dialect === 'mysql' ? 'mariadb <' : 'sqlite3 <';
}

/** `Migrator.open` + `up()` + `close()` on a fresh database, every migration applied (checked). */
async function timeDihya(dialect: Dialect, files: Record<string, string>, count: number): Promise<number> {
  const db = await layoutsDatabase(dialect);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-history-'));
  try {
    writeTree(path.join(dir, 'migrations'), files);
    const started = performance.now();
    const migrator = await Migrator.open({ cwd: dir, overrides: { url: db.url } });
    [stepBackups.count, stepBackups.ms] = [0, 0];
    migrator.onEvent((event) => {
      if (event.type === 'backup-created' && event.reason.startsWith('before ') && event.reason !== 'before up') {
        stepBackups.count++;
        stepBackups.ms += event.durationMs;
      }
    });
    try {
      const applied = await migrator.up();
      if (applied.length !== count) throw new Error(`dihya-migrate applied ${applied.length} of ${count}`);
    } finally {
      await migrator.close();
    }
    return performance.now() - started;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

/** The server's client applying every `up` script in one session, on a fresh database. */
async function timeClient(dialect: Dialect, upScripts: string[]): Promise<number> {
  const db = await layoutsDatabase(dialect);
  try {
    const started = performance.now();
    applyWithClient(dialect, db.url, upScripts);
    return performance.now() - started;
  } finally {
    await db.drop();
  }
}

/** The options; a bad command line prints its problem and exits with code 2. */
function readOptionsOrExit(args: string[]): Options {
  const options: Options = { count: 1000, runs: 1, dialects: ['postgres', 'mysql'], layout: 'flyway' };
  try {
    for (let i = 0; i < args.length; i += 2) {
      const [name, value] = [args[i], args[i + 1]];
      if (value === undefined) throw new Error(`${name}: a value is needed`);
      if (name === '--count' || name === '--runs') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: a whole number of at least 1, not ${value}`);
        options[name === '--count' ? 'count' : 'runs'] = n;
      } else if (name === '--dialects') {
        const dialects = value.split(',');
        const unknown = dialects.filter((d) => !['postgres', 'mysql', 'sqlite'].includes(d));
        if (unknown.length > 0) throw new Error(`--dialects: unknown ${unknown.join(', ')} (known: postgres, mysql, sqlite)`);
        options.dialects = dialects as Dialect[];
      } else if (name === '--layout') {
        if (!(HISTORY_LAYOUTS as readonly string[]).includes(value)) throw new Error(`--layout: unknown ${value} (known: ${HISTORY_LAYOUTS.join(', ')})`);
        options.layout = value as HistoryLayout;
      } else throw new Error(`unknown option ${name}`);
    }
    return options;
  } catch (error) {
    console.error(`bench/history: ${(error as Error).message}`);
    console.error(
      'usage: node bench/history/run.ts [--count N] [--runs N] [--dialects postgres,mysql,sqlite] [--layout dihya|golang-migrate|flyway|prisma|sqitch]',
    );
    process.exit(2);
  }
}
