/**
 * Plan benchmark: `plan` on a 1,000-table schema (PostgreSQL and MariaDB) with four pending
 * migrations (a column and its index, a new table referencing another, a TypeScript step, a data
 * fix). In each round, alternating: the schema preview on a copy of the whole schema (the old
 * path, the peer), the same preview on the partial copy (only the tables the migrations touch and
 * their foreign-key neighbours), and the whole `dihya-migrate plan --json` as a new process.
 * Prints medians, the partial preview's ratio to the full copy's, the CLI's ratio to the 2 s
 * target, and whether both previews predicted the same changes and schemas (they must).
 *
 * Runs the built CLI (`npm run build` first). Builds its databases (`perfplan_bench_*`) and drops them after.
 *
 * @example
 * node bench/plan/run.ts                                  # 1,000 tables, 3 rounds, both servers
 * node bench/plan/run.ts --tables 200 --runs 1 --dialects postgres
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { connect } from '../../src/database/connect.ts';
import { discoverMigrations } from '../../src/migrations/discover.ts';
import { loadMigration } from '../../src/migrations/load-migration.ts';
import { previewSchemaChanges, type SchemaPreview } from '../../src/migrations/schema-preview.ts';
import { median } from '../overhead/report.ts';
import { createPlanBenchDatabase, dropPlanBenchDatabase, type PlanBenchDialect } from './bench-schema.ts';
import { writePlanMigrations } from './write-migrations.ts';

const TARGET_SECONDS = 2;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { tables: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, dialects: { type: 'string', default: 'postgres,mysql' } },
  strict: true,
});
const tables = Number(values.tables);
const runs = Number(values.runs);
const dialects = values.dialects.split(',').map((d) => d.trim());
if (!Number.isInteger(tables) || tables < 20) fail(`--tables must be an integer of at least 20, got "${values.tables}"`);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got "${values.runs}"`);
for (const d of dialects) if (d !== 'postgres' && d !== 'mysql') fail(`--dialects: postgres and/or mysql, got "${d}"`);
const bin = fileURLToPath(new URL('../../bin/dihya-migrate.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) fail('dist/ is missing: run `npm run build` first');

console.log(`node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0]!.toFixed(2)} at start, ${tables} tables, ${runs} rounds (medians)`);
for (const dialect of dialects as PlanBenchDialect[]) await benchDialect(dialect);
console.log(`load ${os.loadavg()[0]!.toFixed(2)} at the end`);

async function benchDialect(dialect: PlanBenchDialect): Promise<void> {
  const name = `perfplan_bench_${dialect}`;
  const project = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-plan-'));
  try {
    const url = await createPlanBenchDatabase(dialect, name, tables);
    const cli = (args: string[]) => {
      const r = spawnSync(process.execPath, [bin, ...args, '--url', url], { cwd: project, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`dihya-migrate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      return r.stdout;
    };
    cli(['init']);
    const count = writePlanMigrations(path.join(project, 'migrations'), tables);
    const loaded = await Promise.all(discoverMigrations(path.join(project, 'migrations')).map((f) => loadMigration(f, dialect)));
    const target = await connect(url, project);
    const times = { full: [] as number[], partial: [] as number[], cli: [] as number[] };
    let same = true;
    try {
      for (let round = 0; round < runs; round++) {
        const full = await timed(times.full, () => previewSchemaChanges(target, loaded, [], { partial: false }));
        const partial = await timed(times.partial, () => previewSchemaChanges(target, loaded, []));
        const planned = JSON.parse(await timed(times.cli, async () => cli(['plan', '--json']))) as { pending: { schemaChanges?: string[] }[] };
        if (!full.ok || !partial.ok) throw new Error(`preview failed: ${full.ok ? '' : full.reason} ${partial.ok ? '' : partial.reason}`);
        same &&=
          samePrediction(full, partial) &&
          isDeepStrictEqual(
            planned.pending.map((p) => p.schemaChanges),
            [...full.changes.values()],
          );
      }
    } finally {
      await target.close();
    }
    const full = median(times.full) / 1000;
    const partial = median(times.partial) / 1000;
    const plan = median(times.cli) / 1000;
    console.log(`${dialect}: ${count} pending migrations on ${tables} tables`);
    console.log(`  preview, full copy (old path)   ${full.toFixed(2)} s`);
    console.log(`  preview, partial copy           ${partial.toFixed(2)} s  ${(partial / full).toFixed(2)}x the full copy`);
    console.log(`  dihya-migrate plan --json       ${plan.toFixed(2)} s  ${(plan / TARGET_SECONDS).toFixed(2)}x the ${TARGET_SECONDS} s target`);
    console.log(`  same predictions (changes and schemas, both copies and the CLI): ${same ? 'yes' : 'NO'}`);
    if (!same) process.exitCode = 1;
  } finally {
    rmSync(project, { recursive: true, force: true });
    await dropPlanBenchDatabase(dialect, name);
  }
}

async function timed<T>(into: number[], run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await run();
  into.push(performance.now() - started);
  return result;
}

function samePrediction(a: SchemaPreview, b: SchemaPreview): boolean {
  return isDeepStrictEqual([...a.changes], [...b.changes]) && isDeepStrictEqual([...a.schemas], [...b.schemas]);
}

function fail(message: string): never {
  console.error(`bench/plan: ${message}`);
  process.exit(2);
}
