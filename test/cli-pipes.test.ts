import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'dihya-migrate.js');
/** More output than a pipe holds (64 KiB) and `head` reads at once: the writer must meet the closed pipe. */
const MIGRATIONS = 2500;
const BACKUPS = 900;

/** Runs `dihya-migrate <args> | head -<lines>` through a shell; returns what head printed, the CLI's stderr and its exit code. */
function pipeIntoHead(args: string[], lines: number, cwd: string): { stdout: string; stderr: string; cliExit: number } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const script = `${quoted} 2>cli-stderr.txt | head -${lines}; echo "\${PIPESTATUS[0]}" > cli-exit.txt`;
  const run = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
  return {
    stdout: run.stdout,
    stderr: readFileSync(path.join(cwd, 'cli-stderr.txt'), 'utf8'),
    cliExit: Number(readFileSync(path.join(cwd, 'cli-exit.txt'), 'utf8').trim()),
  };
}

describe('the built CLI writing into a pipe that closes early', () => {
  let project: TestProject;
  let url: string;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    project = createProject();
    for (let i = 0; i < MIGRATIONS; i++) {
      const clock = [Math.floor(i / 3600), Math.floor(i / 60) % 60, i % 60].map((n) => String(n).padStart(2, '0')).join('');
      const version = `20260101${clock}`;
      project.write(`${version}_table_${i}.sql`, `-- migrate:up\ncreate table t${i} (id integer primary key);\n`);
    }
    const file = path.join(project.dir, 'app.db');
    new DatabaseSync(file).close();
    url = `sqlite:${file}`;
    expect((await cli(['backup', 'create', '--url', url], project.dir)).code).toBe(0);
    // Many backups for `backup list`: copies of the one taken, each with its own id.
    const store = path.join(project.dir, '.dihya', 'backups');
    const targetDir = path.join(store, readdirSync(store)[0]!);
    const original = readdirSync(targetDir)[0]!;
    for (let i = 0; i < BACKUPS; i++) {
      const id = original.replace(/-[0-9a-f]+$/, `-c${String(i).padStart(3, '0')}`);
      cpSync(path.join(targetDir, original), path.join(targetDir, id), { recursive: true });
      const manifestFile = path.join(targetDir, id, 'manifest.json');
      writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(readFileSync(manifestFile, 'utf8')), id }));
    }
  }, 180_000);
  afterAll(() => project?.cleanup());

  it('`status | head -1` prints the first line and ends without an EPIPE stack trace', () => {
    const run = pipeIntoHead(['status', '--url', url], 1, project.dir);
    expect(run.stdout).toBe(`target: ${url}\n`);
    expect(run.stderr).toBe('');
    expect(run.cliExit).toBe(0);
  });

  it('`backup list | head -4` prints four lines and ends without an EPIPE stack trace', () => {
    const run = pipeIntoHead(['backup', 'list', '--url', url], 4, project.dir);
    expect(run.stdout.split('\n')).toHaveLength(5);
    expect(run.stdout).toContain('manual');
    expect(run.stderr).toBe('');
    expect(run.cliExit).toBe(0);
  });

  it('`status --json | head -1` too', () => {
    const run = pipeIntoHead(['status', '--url', url, '--json'], 1, project.dir);
    expect(run.stdout).toBe('{\n');
    expect(run.stderr).not.toMatch(/EPIPE|at /);
    expect(run.cliExit).toBe(0);
  });
});
