import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findClientTool } from '../src/tools/find-client-tool.ts';
import { cli, runCliProcess } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

/*
 * Issue 7: the state folder (backups with personal data, logs, audit) stays private: out of git,
 * 0600 files in 0700 folders.
 */

describe('init keeps the state folder out of git', () => {
  it('creates .gitignore, or appends to it once, whatever is already there', async () => {
    const project = createProject();
    try {
      const first = await cli(['init', '--json'], project.dir);
      expect(first.code).toBe(0);
      expect(first.json.gitignore).toBe('created');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toMatch(/^\/\.dihya\/$/m);

      // An existing .gitignore without a final newline: appended on a line of its own, once.
      rmSync(path.join(project.dir, 'dihya.config.ts'));
      writeFileSync(path.join(project.dir, '.gitignore'), 'node_modules\ndist');
      const second = await cli(['init'], project.dir);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('.gitignore');
      const appended = readFileSync(path.join(project.dir, '.gitignore'), 'utf8');
      expect(appended.split('\n').slice(0, 2)).toEqual(['node_modules', 'dist']);
      expect(appended.match(/^\/\.dihya\/$/gm)).toHaveLength(1);

      rmSync(path.join(project.dir, 'dihya.config.ts'));
      expect((await cli(['init', '--json'], project.dir)).json.gitignore).toBe('present');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toBe(appended);

      // A line of the user's own that already ignores it is enough.
      rmSync(path.join(project.dir, 'dihya.config.ts'));
      writeFileSync(path.join(project.dir, '.gitignore'), '.dihya\n');
      const french = await cli(['init', '--lang', 'fr', '--json'], project.dir);
      expect(french.json.gitignore).toBe('present');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toBe('.dihya\n');
    } finally {
      project.cleanup();
    }
  });
});

/** Every file and folder under `dir` whose mode is not 0600 (files) or 0700 (folders), with its mode. */
function wrongModes(dir: string): string[] {
  const wrong: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      const stat = lstatSync(full);
      const mode = stat.mode & 0o777;
      const want = stat.isDirectory() ? 0o700 : 0o600;
      if (mode !== want) wrong.push(`${path.relative(dir, full)} ${mode.toString(8)}`);
      if (stat.isDirectory()) walk(full);
    }
  };
  if (statSync(dir).mode & 0o077) wrong.push(`. ${(statSync(dir).mode & 0o777).toString(8)}`);
  walk(dir);
  return wrong;
}

const SHOP = `-- migrate:up
create table customers (id integer primary key, name varchar(100));
insert into customers (id, name) values (1, 'ada');
`;
const MORE = `-- migrate:up
insert into customers (id, name) values (2, 'brahim');
`;

describe.each(DIALECTS)('file modes under the state dir on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_shop.sql': SHOP });
    writeFileSync(
      path.join(project.dir, 'dihya.config.json'),
      JSON.stringify({ privacy: { literals: { allow: { '20260101000000_shop.sql': 'fixtures', '20260102000000_more.sql': 'fixtures' } } } }),
    );
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps every file 0600 and every folder 0700, whatever the umask: backups, run log, audit, manifests, bundles', async () => {
    const umask = process.umask(0o022);
    try {
      const run = async (...args: string[]) => {
        const r = await cli([...args, '--url', db.url, '--json'], project.dir);
        expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
        return r.json;
      };
      // What an older version left: a 0755 state dir and a 0644 run log.
      const logs = path.join(project.dir, '.dihya', 'logs');
      mkdirSync(logs, { recursive: true, mode: 0o755 });
      writeFileSync(path.join(logs, 'dihya.log'), '', { mode: 0o644 });
      await run('up');
      project.write('20260102000000_more.sql', MORE);
      await run('up');
      const created = await run('backup', 'create', '--reason', 'manual');
      const id = created.backup?.id ?? created.id;
      await run('backup', 'verify', id);
      await run('backup', 'restore', id, '--yes');
      await run('backup', 'pin', id);
      await run('audit', 'verify');
      await run('export', 'ipfs');
      const state = path.join(project.dir, '.dihya');
      expect(readdirSync(state).sort()).toEqual(expect.arrayContaining(['backups', 'logs']));
      expect(wrongModes(state)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });
});

describe.runIf(testsOn('mysql'))('the MariaDB option file (password) on mysql', () => {
  it('lives in the state dir (0600), is gone after the run, and a stale one a kill left behind is swept by the next run', async () => {
    const db = await createScratchDatabase('mysql');
    const project = createProject({ '20260101000000_shop.sql': SHOP });
    const bin = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-redaction-'));
    try {
      // Wrappers that log the option file they were given, its mode and whether it holds a password line, then run the real tool.
      const log = path.join(bin, 'calls.log');
      for (const name of ['mariadb-dump', 'mysqldump', 'mariadb', 'mysql']) {
        const real = findClientTool([name]);
        if (!real) continue;
        const script = `#!/bin/sh\ncase "$1" in --defaults-extra-file=*) ;; *) exec ${real} "$@";; esac\nf="\${1#--defaults-extra-file=}"\necho "$(basename "$0") $f $(stat -c %a "$f") $(grep -c '^password=' "$f")" >> ${log}\nexec ${real} "$@"\n`;
        writeFileSync(path.join(bin, name), script, { mode: 0o755 });
      }
      const url = db.url;
      const dead = spawnSync('true').pid;
      const stale = path.join(project.dir, '.dihya', 'tmp', `mysql-${dead}-AbC123`);
      mkdirSync(stale, { recursive: true, mode: 0o700 });
      writeFileSync(path.join(stale, 'client.cnf'), '[client]\npassword="left by a SIGKILL"\n', { mode: 0o600 });
      const mine = path.join(project.dir, '.dihya', 'tmp', `mysql-${process.pid}-Live01`);
      mkdirSync(mine, { mode: 0o700 });
      const tmpBefore = readdirSync(os.tmpdir()).filter((n) => n.startsWith('dihya-my-'));

      const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
      const up = await runCliProcess(['up', '--url', url, '--json'], { cwd: project.dir, env });
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const restore = await runCliProcess(['backup', 'restore', 'latest', '--yes', '--url', url, '--json'], { cwd: project.dir, env });
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);

      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls.some((c) => /^(mariadb-dump|mysqldump) /.test(c))).toBe(true);
      expect(calls.some((c) => /^(mariadb|mysql) /.test(c))).toBe(true);
      for (const call of calls) {
        const [, file, mode, passwords] = call.split(' ');
        expect(file!.startsWith(path.join(project.dir, '.dihya', 'tmp') + path.sep), call).toBe(true);
        expect(path.basename(file!)).toBe('client.cnf');
        expect(mode).toBe('600');
        expect(passwords).toMatch(/^[01]$/); // the test server lets root in without one
      }
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(mine)).toBe(true); // a running process's folder (this one) is left alone
      rmSync(mine, { recursive: true });
      expect(readdirSync(path.join(project.dir, '.dihya', 'tmp'))).toEqual([]);
      expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('dihya-my-'))).toEqual(tmpBefore);
    } finally {
      rmSync(bin, { recursive: true, force: true });
      project.cleanup();
      await db.drop();
    }
  });
});

describe('private temporary folders', () => {
  const MODULE = new URL('../src/tools/private-temp.ts', import.meta.url).pathname;
  /** A child process that makes a private temporary folder in `root`, prints it, then ends as `how` says. */
  function child(root: string, how: 'exit' | 'wait') {
    const code = `
      import { privateTempFolder, usePrivateTempRoot } from ${JSON.stringify(MODULE)};
      import { writeFileSync } from 'node:fs';
      usePrivateTempRoot(${JSON.stringify(root)});
      const temp = await privateTempFolder('mysql');
      writeFileSync(temp.dir + '/client.cnf', 'password=x', { mode: 0o600 });
      console.log(temp.dir);
      ${how === 'exit' ? 'process.exit(3);' : 'setInterval(() => {}, 1000);'}
    `;
    return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  }
  const firstLine = (p: ReturnType<typeof child>) => new Promise<string>((resolve) => p.stdout.once('data', (d) => resolve(String(d).trim())));
  const ended = (p: ReturnType<typeof child>) => new Promise<void>((resolve) => p.once('close', () => resolve()));

  it('are removed when the process exits or is interrupted before removing them', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'dihya-private-temp-'));
    try {
      const exiting = child(root, 'exit');
      const exitingDir = await firstLine(exiting);
      await ended(exiting);
      expect(exitingDir.startsWith(root)).toBe(true);
      expect(existsSync(exitingDir)).toBe(false);

      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const waiting = child(root, 'wait');
        const dir = await firstLine(waiting);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        waiting.kill(signal);
        await ended(waiting);
        expect(waiting.signalCode).toBe(signal); // the signal still ends it
        expect(existsSync(dir)).toBe(false);
      }
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
