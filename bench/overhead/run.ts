/**
 * Migration overhead benchmark: applies N trivial migrations (default 1,000) to a fresh
 * SQLite file with dihya-migrate (one transaction per migration, and `--atomic`: one for all),
 * knex and umzug, all on Node's built-in `node:sqlite`, and prints each tool's median wall time
 * and dihya-migrate's ratios to the others.
 *
 * Runs are interleaved (dihya, knex, umzug, then again) so drift in machine load hits every
 * tool alike; each run uses a new temp folder, new files and a new database.
 *
 * @example
 * npx node bench/overhead/run.ts               # 1,000 migrations, 3 runs each
 * npm run bench:overhead -- --count 100 --runs 1
 * npx node --cpu-prof bench/overhead/run.ts --only dihya-migrate   # profile one tool
 */
import os from 'node:os';
import type { BenchTool } from './bench-tool.ts';
import { readBenchOptions } from './bench-options.ts';
import { dihyaTool } from './dihya-tool.ts';
import { knexTool } from './knex-tool.ts';
import { benchMigrations } from './migration-names.ts';
import { formatReport, type ToolResult } from './report.ts';
import { umzugTool } from './umzug-tool.ts';

const allTools: BenchTool[] = [dihyaTool({ atomic: false }), dihyaTool({ atomic: true }), knexTool, umzugTool];
const { count, runs, tools } = readOptionsOrExit(process.argv.slice(2));
const migrations = benchMigrations(count);
const results: ToolResult[] = tools.map((tool) => ({ name: tool.name, commits: tool.commits, runsMs: [] }));

console.log(`${count} migrations (create table), fresh SQLite file per run (node:sqlite), ${runs} run(s) per tool`);
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, temp folder ${os.tmpdir()}\n`);
for (let run = 1; run <= runs; run++) {
  for (const [index, tool] of tools.entries()) {
    const ms = await tool.runOnce(migrations);
    results[index]!.runsMs.push(ms);
    console.error(`run ${run}/${runs}  ${tool.name.padEnd(13)} ${ms.toFixed(0)} ms`);
  }
}
console.log(`\n${formatReport(results, count)}`);

/** The options and the selected tools; a bad command line prints its problem and exits with code 2. */
function readOptionsOrExit(args: string[]): { count: number; runs: number; tools: BenchTool[] } {
  try {
    const { count, runs, only } = readBenchOptions(args);
    const unknown = only.filter((name) => !allTools.some((tool) => tool.name === name));
    if (unknown.length > 0) throw new Error(`--only: unknown tool ${unknown.join(', ')} (known: ${allTools.map((t) => t.name).join(', ')})`);
    return { count, runs, tools: only.length > 0 ? allTools.filter((tool) => only.includes(tool.name)) : allTools };
  } catch (error) {
    console.error(`bench/overhead: ${(error as Error).message}`);
    console.error("usage: node bench/overhead/run.ts [--count N] [--runs N] [--only 'dihya-migrate'|'dihya --atomic'|knex|umzug]...");
    process.exit(2);
  }
}
