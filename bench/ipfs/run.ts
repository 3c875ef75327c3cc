/**
 * IPFS export benchmark: `dihya-migrate export ipfs` of a bundle holding `--size-mb` MiB of
 * migration files (default 100 MiB in 100 files) against `sha256sum` of the same files, and the
 * ratio of their medians. sha256sum reads and hashes every byte once; the export, run through the
 * API exactly as the CLI does, takes the migration lock, verifies the audit, reads the files,
 * scans every line for personal values and secrets, writes index.json (SHA-256 of every file),
 * hashes every 256 KiB leaf and every UnixFS node, streams the CARv1 to disk and appends
 * `dweb.exported` to the audit. The export's phases are printed from its progress events. Runs
 * alternate the two tools. `export verify` of the last bundle is timed once, for information.
 *
 * @example
 * npm run bench:ipfs                              # 100 MiB, 3 runs each
 * npm run bench:ipfs -- --size-mb 20 --runs 1     # quick try
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { exportBundle } from '../../src/dweb/export-bundle.ts';
import { verifyBundle } from '../../src/dweb/verify-bundle.ts';
import { Migrator } from '../../src/migrator/migrator.ts';
import { readIpfsBenchOptions, USAGE, type IpfsBenchOptions } from './bench-options.ts';
import { writeBenchProject } from './bench-project.ts';

const options = readOptionsOrExit(process.argv.slice(2));
const project = writeBenchProject(options.sizeMb, options.files);
const sha256sumVersion = execFileSync('sha256sum', ['--version'], { encoding: 'utf8' }).split('\n')[0];
console.log(`${options.files} migration files, ${mib(project.bytes)} in all, in ${project.dir}`);
console.log(`${sha256sumVersion}, node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}`);
console.log('(a) sha256sum <the same files>');
console.log(
  '(b) dihya-migrate export ipfs: lock, audit check, read, personal-data scan, index.json, UnixFS import (256 KiB leaves, 174 links), CARv1 to disk, audit entry',
);
console.log(`${options.runs} run(s) per tool, alternating\n`);

const migrator = await Migrator.open({ cwd: project.dir, overrides: { url: project.url } });
const plain: number[] = [];
const dihya: { ms: number; scan: number; import: number; car: number }[] = [];
let lastCar = '';
try {
  for (let run = 1; run <= options.runs; run++) {
    const order = run % 2 === 1 ? (['sha256sum', 'dihya'] as const) : (['dihya', 'sha256sum'] as const);
    for (const tool of order) {
      if (tool === 'sha256sum') {
        const started = performance.now();
        const result = spawnSync('sha256sum', project.migrationFiles, { stdio: ['ignore', 'ignore', 'inherit'] });
        if (result.status !== 0) throw new Error(`sha256sum exited with ${result.status}`);
        const ms = performance.now() - started;
        plain.push(ms);
        console.error(`run ${run}/${options.runs}  sha256sum      ${seconds(ms)}`);
      } else {
        const marks: Record<string, number> = {};
        const started = performance.now();
        const result = await exportBundle(migrator, { onProgress: (p) => (marks[p.phase] = performance.now()) });
        const ms = performance.now() - started;
        const phases = { scan: marks.import! - marks.scan!, import: marks.written! - marks.import! };
        dihya.push({ ms, ...phases, car: result.bytes });
        if (lastCar) rmSync(lastCar, { force: true });
        lastCar = result.car;
        console.error(
          `run ${run}/${options.runs}  dihya-migrate  ${seconds(ms)}  (scan ${seconds(phases.scan)}, import + CAR ${seconds(phases.import)}, CAR ${mib(result.bytes)})`,
        );
      }
    }
  }
  const verifyStarted = performance.now();
  await verifyBundle(migrator, lastCar);
  const verifyMs = performance.now() - verifyStarted;

  const a = stats(plain);
  const b = stats(dihya.map((d) => d.ms));
  console.log(`\n                 median      min      max`);
  console.log(`sha256sum      ${seconds(a.median)} ${seconds(a.min)} ${seconds(a.max)}`);
  console.log(`dihya-migrate  ${seconds(b.median)} ${seconds(b.min)} ${seconds(b.max)}`);
  console.log(`ratio (dihya-migrate / sha256sum, medians): ${(b.median / a.median).toFixed(2)}x`);
  console.log(
    `dihya-migrate phases (medians): scan ${seconds(stats(dihya.map((d) => d.scan)).median)}, UnixFS import + CAR ${seconds(stats(dihya.map((d) => d.import)).median)}`,
  );
  console.log(`export verify of the last bundle (re-hash every block, re-import, compare): ${seconds(verifyMs)}`);
} finally {
  await migrator.close();
  rmSync(project.dir, { recursive: true, force: true });
}

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((x, y) => x - y);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`.padStart(8);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The options; a bad command line prints its problem and the usage, and exits with code 2. */
function readOptionsOrExit(args: string[]): IpfsBenchOptions {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    return readIpfsBenchOptions(args);
  } catch (error) {
    console.error(`bench/ipfs: ${(error as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }
}
