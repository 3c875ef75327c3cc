import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunLog } from '../../src/log/run-log.ts';
import { bothSettled } from '../../src/util/both-settled.ts';
import { ensureGitignored } from '../../src/util/gitignore-entry.ts';
import { makeTreePrivate, privateFile, privateFolder } from '../../src/util/private-files.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-cov-util-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('ensureGitignored', () => {
  it('creates .gitignore, appends after text without a final newline, and sees every spelling of the entry', () => {
    const a = path.join(work, 'a');
    mkdirSync(a);
    expect(ensureGitignored(a, './.dihya/')).toBe('created');
    expect(readFileSync(path.join(a, '.gitignore'), 'utf8')).toContain('/.dihya/\n');
    expect(ensureGitignored(a, '.dihya')).toBe('present');
    const b = path.join(work, 'b');
    mkdirSync(b);
    writeFileSync(path.join(b, '.gitignore'), 'node_modules');
    expect(ensureGitignored(b, '.dihya')).toBe('appended');
    expect(readFileSync(path.join(b, '.gitignore'), 'utf8')).toMatch(/^node_modules\n# dihya-migrate/);
    for (const spelling of ['.dihya', '.dihya/', '/.dihya', '.dihya/*', '/.dihya/*', '  /.dihya/  ']) {
      writeFileSync(path.join(b, '.gitignore'), `dist\r\n${spelling}\r\n`);
      expect(ensureGitignored(b, '.dihya')).toBe('present');
    }
    writeFileSync(path.join(b, '.gitignore'), '');
    expect(ensureGitignored(b, '.dihya')).toBe('appended');
    expect(readFileSync(path.join(b, '.gitignore'), 'utf8').startsWith('# dihya-migrate')).toBe(true);
  });
});

describe('private files', () => {
  it('tightens existing folders and files, walks a tree, leaves symlinks alone', () => {
    const dir = path.join(work, 'tree');
    mkdirSync(path.join(dir, 'sub'), { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'sub', 'f'), 'x', { mode: 0o644 });
    const outside = path.join(work, 'outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, path.join(dir, 'link'));
    makeTreePrivate(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'sub'))).toBe(0o700);
    expect(mode(path.join(dir, 'sub', 'f'))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
    const loose = path.join(work, 'loose');
    mkdirSync(loose, { mode: 0o777 });
    chmodSync(loose, 0o777);
    privateFolder(loose);
    expect(mode(loose)).toBe(0o700);
    const file = path.join(loose, 'f.json');
    writeFileSync(file, '{}', { mode: 0o666 });
    chmodSync(file, 0o666);
    privateFile(file);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('{}');
  });
});

describe('bothSettled', () => {
  it('waits for both, then throws the first failure', async () => {
    expect(await bothSettled(Promise.resolve(1), Promise.resolve('b'))).toEqual([1, 'b']);
    let secondDone = false;
    const second = new Promise((resolve) => setTimeout(() => resolve((secondDone = true)), 20));
    await expect(bothSettled(Promise.reject(new Error('first')), second)).rejects.toThrow('first');
    expect(secondDone).toBe(true);
    await expect(bothSettled(Promise.resolve(1), Promise.reject(new Error('second')))).rejects.toThrow('second');
  });
});

describe('run log', () => {
  it('writes redacted JSON lines to a 0600 file', async () => {
    const stateDir = path.join(work, 'state');
    const log = createRunLog(stateDir);
    log.info({ url: 'postgres://app:hunter2@db/shop' }, 'connecting to postgres://app:hunter2@db/shop');
    const file = path.join(stateDir, 'logs', 'dihya.log');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text.trim().split('\n')[0]!)).toMatchObject({ pid: process.pid, level: 30 });
    expect(mode(file)).toBe(0o600);
  });

  it('gives the log up, without failing, when the state dir cannot hold it', () => {
    const blocked = path.join(work, 'blocked');
    writeFileSync(blocked, 'a file where the state dir should be');
    const log = createRunLog(blocked);
    expect(() => log.info({}, 'still runs')).not.toThrow();
    expect(() => log.warn({}, 'and again')).not.toThrow();
    expect(existsSync(path.join(blocked, 'logs'))).toBe(false);
  });
});
