import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { query } from './helpers/tables.ts';

const BIN = fileURLToPath(new URL('../bin/dihya-migrate.js', import.meta.url));

describe('the packaged CLI (bin/dihya-migrate.js, built dist/)', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'dihya-demo-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs the demo end to end on SQLite', () => {
    const out = execFileSync(process.execPath, [BIN, 'demo'], { cwd, encoding: 'utf8' });
    expect(out).toContain('== up');
    expect(out).toContain('→ applying 20260102090000_add_customer_phone');
    expect(out).toMatch(/demo finished: 4 applied, 1 reverted, 1 re-applied/);
    expect(existsSync(path.join(cwd, '.dihya', 'demo', 'demo.db'))).toBe(true);
  });

  it('leaves a database with the example column and normalized e-mails', async () => {
    execFileSync(process.execPath, [BIN, 'demo', '--json'], { cwd, encoding: 'utf8' });
    const url = `sqlite:${path.join(cwd, '.dihya', 'demo', 'demo.db')}`;
    const rows = await query<{ email: string; phone: string | null }>(url, 'select email, phone from customers order by id');
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.email === r.email.toLowerCase() && r.phone === null)).toBe(true);
  });

  it('prints the version', () => {
    const out = execFileSync(process.execPath, [BIN, '--version'], { cwd, encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('tells an old Node.js apart with exit code 2', () => {
    const old = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
      if (!existsSync(candidate)) return false;
      const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }));
      return major < 22;
    });
    if (!old) return; // no old Node.js on this machine
    const result = spawnSync(old, [BIN, 'status'], { cwd, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('NODE_TOO_OLD');
  });
});

describe('the demo, in process (the same command through runCli)', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'dihya-demo-in-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('runs up, down and up again in English, then in French on a second run', async () => {
    const first = await cli(['demo'], cwd);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/demo finished: 4 applied, 1 reverted, 1 re-applied/);
    const again = await cli(['--lang', 'fr', 'demo', '--json'], cwd);
    expect(again.code).toBe(0);
    expect(JSON.stringify(again.json)).not.toMatch(/@example\.(com|org)/);
  });
});
