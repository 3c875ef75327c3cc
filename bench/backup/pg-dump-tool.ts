import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { makeOutDir } from './out-dir.ts';

/** One timed run: wall time and the size of the file written. */
export interface PlainRun {
  ms: number;
  dumpBytes: number;
}

/**
 * The baseline: `pg_dump --format=custom --file=… --dbname=…` spawned directly (the pg_dump on
 * PATH, default compression), into a fresh folder that is deleted afterwards. Timed from spawn
 * to exit.
 *
 * @example
 * const { ms, dumpBytes } = await runPlainPgDump('postgres://postgres@127.0.0.1:5432/dihya_bench_backup')
 */
export async function runPlainPgDump(url: string): Promise<PlainRun> {
  const out = makeOutDir('pg_dump');
  try {
    const file = path.join(out.dir, 'database.pgdump');
    const started = performance.now();
    await runToEnd('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${url}`]);
    const ms = performance.now() - started;
    return { ms, dumpBytes: statSync(file).size };
  } finally {
    out.remove();
  }
}

/** Runs a command; rejects with its stderr when it fails. */
function runToEnd(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${code === null ? `was killed by ${signal}` : `exited with code ${code}`}: ${stderr.trim()}`));
    });
  });
}
