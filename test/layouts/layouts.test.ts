import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectLayout, readMigrations } from '../../src/layouts/read-layout.ts';
import { compareVersions } from '../../src/migrations/version-order.ts';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { query, tableExists } from '../helpers/tables.ts';
import { LAYOUT_TREES, layoutsDatabase, writeTree } from './layout-fixtures.ts';

const LAYOUTS = Object.keys(LAYOUT_TREES) as (keyof typeof LAYOUT_TREES)[];

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-'));
}

describe('version order', () => {
  it('orders integers, dotted versions and timestamps by number, repeatable ones last', () => {
    expect(['R__b', '1.10', '000002', '1.2', '1', 'R__a', '10'].sort(compareVersions)).toEqual(['1', '1.2', '1.10', '000002', '10', 'R__a', 'R__b']);
    expect(compareVersions('1', '1.0')).toBe(0);
    expect(compareVersions('20260101000000', '20251231235959')).toBe(1);
  });
});

describe('layout readers', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each(LAYOUTS)('detects and reads %s in its own version order', (layout) => {
    writeTree(dir, LAYOUT_TREES[layout]);
    expect(detectLayout(dir)).toBe(layout);
    const files = readMigrations(dir);
    const expected = {
      'golang-migrate': ['000001', '000002', '000010'],
      flyway: ['1', '1.2', '1.10', 'R__user_names'],
      prisma: ['20240101000000', '20240102000000', '20240103000000'],
      sqitch: ['0001', '0002', '0003'],
    }[layout];
    expect(files.map((f) => f.version)).toEqual(expected);
    expect(files.every((f) => f.parts?.up.text.includes('') && f.kind === 'sql')).toBe(true);
  });

  it('falls back to the own layout, and follows the configured layout over detection', () => {
    writeTree(dir, { '20260101000000_a.sql': '-- migrate:up\nselect 1;\n' });
    expect(detectLayout(dir)).toBe('dihya');
    writeTree(dir, { 'V1__x.sql': 'select 1;\n' });
    expect(detectLayout(dir)).toBe('flyway');
    expect(detectLayout(dir, 'dihya')).toBe('dihya');
  });

  it('refuses a file the layout cannot name, naming the layout and the expected form', () => {
    writeTree(dir, { ...LAYOUT_TREES.flyway, 'V2_missing_separator.sql': 'select 1;\n' });
    expect(() => readMigrations(dir)).toThrow(/V2_missing_separator\.sql does not follow the flyway layout/);
  });

  it('refuses two versions that are the same number', () => {
    writeTree(dir, { 'V1__a.sql': 'select 1;\n', 'V1.0__b.sql': 'select 1;\n' });
    expect(() => readMigrations(dir)).toThrow(/Two migrations share version/);
  });

  it('refuses an unreadable Sqitch plan line and a change without its deploy script', () => {
    writeTree(dir, { 'sqitch.plan': '%project=x\nnot a change\n' });
    expect(() => readMigrations(dir)).toThrow(/sqitch.plan, line 2/);
    writeTree(dir, { 'sqitch.plan': '%project=x\nusers 2024-01-01T00:00:00Z P <p@example.invalid>\n' });
    expect(() => readMigrations(dir)).toThrow(/has no deploy script deploy\/users.sql/);
  });
});

describe.each(DIALECTS)('layouts applied on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);

  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    project = tempDir();
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  it.each(LAYOUTS)('%s: applies, reverts and re-applies the files as they are', async (layout) => {
    writeTree(path.join(project, 'migrations'), LAYOUT_TREES[layout]);
    const up = await run('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.json.applied).toHaveLength(layout === 'flyway' ? 4 : 3);
    expect(await query(db.url, 'select name from users')).toEqual([{ name: 'ada' }]);
    expect(await tableExists(db.url, 'orders')).toBe(true);

    if (layout === 'prisma') return; // Prisma writes no down
    const down = await run('down', '--steps', '3');
    expect(down.code, down.stderr).toBe(0);
    expect(await tableExists(db.url, 'users')).toBe(false);
    const again = await run('up');
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.applied).toHaveLength(3);
    expect(await query(db.url, 'select name from users')).toEqual([{ name: 'ada' }]);
  });

  it('flyway: re-applies a repeatable migration after the versioned ones when it changes, not otherwise', async () => {
    const migrations = path.join(project, 'migrations');
    writeTree(migrations, LAYOUT_TREES.flyway);
    expect((await run('up')).code).toBe(0);
    expect((await run('up')).json.applied).toEqual([]);
    writeTree(migrations, {
      'V2__more.sql': 'alter table users add email varchar(80);\n',
      'R__user_names.sql': 'drop view if exists user_names;\ncreate view user_names as select name, email from users;\n',
    });
    const up = await run('up');
    expect(up.code, up.stderr).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['V2__more', 'R__user_names']);
    expect(await query(db.url, 'select name, email from user_names')).toEqual([{ name: 'ada', email: null }]);
    const status = await run('status');
    expect(status.code, status.stderr).toBe(0);
  });

  it('sqitch: a failing verify script rolls the change back', async () => {
    const migrations = path.join(project, 'migrations');
    writeTree(migrations, {
      'sqitch.plan': '%project=x\nusers 2024-01-01T00:00:00Z P <p@example.invalid> # Users.\n',
      'deploy/users.sql': 'create table users (id integer primary key);\n',
      'verify/users.sql': 'select missing_column from users;\n',
    });
    const up = await run('up');
    expect(up.code).not.toBe(0);
    if (dialect !== 'mysql') expect(await tableExists(db.url, 'users')).toBe(false);
  });

  it('honours the configured layout', async () => {
    writeTree(path.join(project, 'migrations'), LAYOUT_TREES['golang-migrate']);
    writeFileSync(path.join(project, 'dihya.config.json'), JSON.stringify({ layout: 'flyway' }));
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.stdout + up.stderr).toMatch(/does not follow the flyway layout/);
  });
});
