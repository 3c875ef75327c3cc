import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from '../../src/migrator/migrator.ts';
import { dropDatabase, databaseUrl } from './bench-database.ts';

/** The one trivial pending migration the rehearsal runs (up, down, up again). */
const TRIVIAL_MIGRATION = `-- A note table, nothing else
-- migrate:up
create table bench_rehearse_notes (id integer primary key);
-- migrate:down
drop table bench_rehearse_notes;
`;

/**
 * The baseline: `createdb` of a new database (through the server, as `create database`), then
 * `pg_dump -Fc --dbname=<source> | pg_restore --dbname=<copy>`, the two processes piped directly;
 * the copy is dropped afterwards, untimed. Returns the wall time, ms.
 *
 * @example
 * const ms = await timePlainCopy(adminUrl, sourceUrl, 'dihya_bench_rehearse_copy_1')
 */
export async function timePlainCopy(adminUrl: string, sourceUrl: string, copyName: string): Promise<number> {
  const started = performance.now();
  try {
    await runToEnd('createdb', [`--maintenance-db=${adminUrl}`, copyName]);
    await pipeDumpIntoRestore(sourceUrl, databaseUrl(adminUrl, copyName));
    return performance.now() - started;
  } finally {
    await dropDatabase(adminUrl, copyName);
  }
}

/**
 * dihya-migrate's rehearsal, as `dihya-migrate rehearse` runs it: `Migrator.open` in a fresh
 * project folder holding one trivial pending migration, `rehearse()` (backup, restore into a scratch
 * database, up, down with the round-trip check, up again, drop, receipt), `close()`. Timed as a
 * whole; the report's copyMs is the backup + restore part.
 *
 * @example
 * const { ms, copyMs } = await timeRehearsal(sourceUrl)
 */
export async function timeRehearsal(sourceUrl: string): Promise<{ ms: number; copyMs: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-rehearse-'));
  try {
    mkdirSync(path.join(dir, 'migrations'));
    writeFileSync(path.join(dir, 'migrations', '20261203000000_bench_notes.sql'), TRIVIAL_MIGRATION);
    const started = performance.now();
    const migrator = await Migrator.open({ cwd: dir, overrides: { url: sourceUrl } });
    try {
      const report = await migrator.rehearse();
      if (report.result !== 'passed') throw new Error(`the rehearsal did not pass: ${report.result} ${report.failure?.message ?? ''}`);
      return { ms: performance.now() - started, copyMs: report.copyMs };
    } finally {
      await migrator.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pg_dump -Fc` writing to its stdout, read by `pg_restore` on its stdin. */
function pipeDumpIntoRestore(sourceUrl: string, copyUrl: string): Promise<void> {
  const dump = spawn('pg_dump', ['--format=custom', `--dbname=${sourceUrl}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const restore = spawn('pg_restore', ['--no-owner', `--dbname=${copyUrl}`], { stdio: ['pipe', 'ignore', 'pipe'] });
  dump.stdout.pipe(restore.stdin);
  return Promise.all([exited(dump, 'pg_dump'), exited(restore, 'pg_restore')]).then(() => undefined);
}

function runToEnd(command: string, args: string[]): Promise<void> {
  return exited(spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] }), command);
}

/** Resolves when the child exits with code 0; rejects with its stderr otherwise. */
function exited(child: ReturnType<typeof spawn>, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${code === null ? `was killed by ${signal}` : `exited with code ${code}`}: ${stderr.trim()}`));
    });
  });
}
