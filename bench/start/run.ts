/**
 * CLI start benchmark: wall time of `dihya-migrate --version` and `dihya-migrate status` (on a
 * small SQLite project: one applied migration) against `node -e 0` on the same Node.js, each
 * spawned as a new process, alternating in every round so machine load hits all three alike.
 * Prints the medians and each command's ratio to `node -e 0` measured in the same run.
 *
 * Runs the built CLI (bin/dihya-migrate.js, which loads dist/): `npm run build` first.
 * The first round warms the compile cache and the page cache and is not counted.
 *
 * @example
 * npm run bench:start                 # 20 rounds
 * npm run bench:start -- --runs 5     # quick try
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { median } from '../overhead/report.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string', default: '20' } }, strict: true });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench/start: --runs must be a positive integer, got "${values.runs}"`);
  process.exit(2);
}
const bin = fileURLToPath(new URL('../../bin/dihya-migrate.js', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) {
  console.error('bench/start: dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const project = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-start-'));
try {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, DIHYA_URL: 'sqlite:./bench.db' } });
  const must = (args: string[]) => {
    const r = cli(args);
    if (r.status !== 0) throw new Error(`dihya-migrate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  };
  must(['init']);
  writeFileSync(
    path.join(project, 'migrations', '20260101000000_create_notes.sql'),
    '-- migrate:up\ncreate table notes (id integer primary key, body text);\n-- migrate:down\ndrop table notes;\n',
  );
  must(['up']);

  const commands: { name: string; args: string[] }[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'dihya-migrate --version', args: [bin, '--version'] },
    { name: 'dihya-migrate status', args: [bin, 'status'] },
  ];
  const times = new Map(commands.map((c) => [c.name, [] as number[]]));
  for (let round = 0; round <= runs; round++) {
    const order = round % 2 === 0 ? commands : [...commands].reverse();
    for (const c of order) {
      const start = performance.now();
      const r = spawnSync(process.execPath, c.args, { cwd: project, encoding: 'utf8', env: { ...process.env, DIHYA_URL: 'sqlite:./bench.db' } });
      const ms = performance.now() - start;
      if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
      if (round > 0) times.get(c.name)!.push(ms);
    }
  }
  const base = median(times.get('node -e 0')!);
  console.log(
    `node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}, load ${os.loadavg()[0]!.toFixed(2)}, ${runs} rounds (medians)`,
  );
  for (const c of commands) {
    const mid = median(times.get(c.name)!);
    console.log(`${c.name.padEnd(24)} ${mid.toFixed(0).padStart(5)} ms  ${(mid / base).toFixed(2)}x node -e 0`);
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}
