/**
 * Migration overhead benchmark: applies N trivial migrations (default 1,000 on SQLite, 200 on
 * the servers) to a fresh database with dihya-migrate (one transaction per migration, and
 * `--atomic`: one for all), knex and (SQLite only) umzug, and prints each tool's median wall
 * time, the statements it sent per migration (servers), and dihya-migrate's ratios to the others.
 *
 * SQLite runs on Node's built-in `node:sqlite` for every tool; `--dialect postgres|mysql` runs on
 * the local servers (a scratch database `perfrun_…` per run, dropped after). `--big-table-mb N`
 * seeds a table of N MB that no migration touches before each run: the time per migration should
 * not depend on it. `--migrations alter` makes each migration add a column to a small table
 * holding rows (DDL that MariaDB cannot roll back, so dihya-migrate backs that table up first).
 *
 * Runs are interleaved (dihya, knex, umzug, then again) so drift in machine load hits every
 * tool alike; each run uses a new temp folder, new files and a new database.
 *
 * @example
 * npx node bench/overhead/run.ts               # SQLite, 1,000 migrations, 3 runs each
 * npm run bench:overhead -- --dialect postgres --statements
 * npm run bench:overhead -- --dialect mysql --big-table-mb 50 --migrations alter --runs 1
 * npx node --cpu-prof bench/overhead/run.ts --only dihya-migrate   # profile one tool
 * npm run bench:overhead -- --dialect postgres --baseline /tmp/dihya-main   # also that checkout's dihya-migrate, same run
 */
import os from 'node:os';
import type { BenchTool } from './bench-tool.ts';
import { readBenchOptions, type BenchOptions } from './bench-options.ts';
import { dihyaTool } from './dihya-tool.ts';
import { knexTool } from './knex-tool.ts';
import { benchMigrations, SMALL_TABLE } from './migration-names.ts';
import { formatReport, type ToolResult } from './report.ts';
import { topShapes, type StatementCount } from './statement-counter.ts';
import { umzugTool } from './umzug-tool.ts';

const { options, tools } = readOptionsOrExit(process.argv.slice(2));
const { count, runs, dialect, bigTableMb, kind } = options;
const migrations = benchMigrations(count, kind);
const results: ToolResult[] = tools.map((tool) => ({ name: tool.name, commits: tool.commits, runsMs: [], statements: [], details: [] }));
const lastCounts = new Map<string, StatementCount>();

const where = dialect === 'sqlite' ? 'fresh SQLite file per run (node:sqlite)' : `fresh ${dialect} database per run (local server)`;
const what = kind === 'create' ? 'create table' : `alter table ${SMALL_TABLE} add column, 100 rows`;
console.log(`${count} migrations (${what}), ${where}, ${runs} run(s) per tool${bigTableMb > 0 ? `, untouched table of ${bigTableMb} MB` : ''}`);
console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, temp folder ${os.tmpdir()}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
for (let run = 1; run <= runs; run++) {
  for (const [index, tool] of tools.entries()) {
    const result = await tool.runOnce(migrations, { dialect, bigTableMb, kind });
    results[index]!.runsMs.push(result.ms);
    results[index]!.statements.push(result.statements.total);
    if (result.detail) results[index]!.details.push(result.detail);
    lastCounts.set(tool.name, result.statements);
    console.error(`run ${run}/${runs}  ${tool.name.padEnd(13)} ${result.ms.toFixed(0)} ms  ${result.statements.total} statements`);
  }
}
console.log(`\n${formatReport(results, count, dialect !== 'sqlite')}`);
console.log(
  `\nload after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (options.statements) {
  for (const [name, counted] of lastCounts) {
    const answered = counted.durations.reduce((sum, ms) => sum + (ms || 0), 0);
    console.log(`\n${name}: most frequent statements (last run, ${counted.total} in all, ${answered.toFixed(0)} ms waiting for answers)`);
    for (const { shape, count, ms } of topShapes(counted, 40)) console.log(`  ${String(count).padStart(6)} ${ms.toFixed(0).padStart(6)} ms  ${shape}`);
  }
}

/** The options and the selected tools; a bad command line prints its problem and exits with code 2. */
function readOptionsOrExit(args: string[]): { options: BenchOptions; tools: BenchTool[] } {
  try {
    const options = readBenchOptions(args);
    const baseline = options.baseline;
    const allTools: BenchTool[] = [
      dihyaTool({ atomic: false }),
      ...(baseline ? [dihyaTool({ atomic: false, baseline })] : []),
      dihyaTool({ atomic: true }),
      ...(baseline ? [dihyaTool({ atomic: true, baseline })] : []),
      knexTool,
      umzugTool,
    ];
    const unknown = options.only.filter((name) => !allTools.some((tool) => tool.name === name));
    if (unknown.length > 0) throw new Error(`--only: unknown tool ${unknown.join(', ')} (known: ${allTools.map((t) => t.name).join(', ')})`);
    const selected = options.only.length > 0 ? allTools.filter((tool) => options.only.includes(tool.name)) : allTools;
    return { options, tools: selected.filter((tool) => tool.dialects.includes(options.dialect)) };
  } catch (error) {
    console.error(`bench/overhead: ${(error as Error).message}`);
    console.error(
      "usage: node bench/overhead/run.ts [--dialect sqlite|postgres|mysql] [--migrations create|alter] [--count N] [--runs N] [--big-table-mb N] [--statements] [--baseline DIR] [--only 'dihya-migrate'|'dihya --atomic'|knex|umzug|'dihya-migrate (baseline)'|'dihya --atomic (baseline)']...",
    );
    process.exit(2);
  }
}
