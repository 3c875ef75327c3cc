import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { flywayLayout } from '../../src/layouts/flyway-layout.ts';
import { golangMigrateLayout } from '../../src/layouts/golang-migrate-layout.ts';
import { ownLayout } from '../../src/layouts/own-layout.ts';
import { prismaLayout } from '../../src/layouts/prisma-layout.ts';
import { sqitchLayout } from '../../src/layouts/sqitch-layout.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'dihya-layout-edges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function folder(files: Record<string, string>): string {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const errorOf = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    return error as DihyaError;
  }
  throw new Error('no error');
};
/** The message with its hint (where the layout says what it expected). */
const told = (error: DihyaError) => `${error.message} ${error.hint}`;

describe('layout readers: what they refuse, what they detect', () => {
  it('a folder that does not exist is no layout', () => {
    const missing = path.join(root, 'missing');
    for (const layout of [golangMigrateLayout, ownLayout, prismaLayout, sqitchLayout, flywayLayout]) expect(layout.detect(missing)).toBe(false);
  });

  it('golang-migrate: a down without its up, and a stray file, are LAYOUT_FILE_INVALID; an up alone has no down', () => {
    expect(told(errorOf(() => golangMigrateLayout.read(folder({ '1_a.down.sql': 'drop table a;' }))))).toContain('1_a.up.sql next to it');
    const stray = errorOf(() => golangMigrateLayout.read(folder({ '1_a.up.sql': 'create table a (id int);', 'notes.sql': '' })));
    expect(stray.code).toBe('LAYOUT_FILE_INVALID');
    expect(stray.hint.length).toBeGreaterThan(0);
    const [only] = golangMigrateLayout.read(folder({ '2_b.up.sql': 'create table b (id int);' }));
    expect(only!.parts!.down).toBeUndefined();
  });

  it('prisma: detected by its lock file alone; a folder without migration.sql or a wrong name is refused', () => {
    expect(prismaLayout.detect(folder({ 'migration_lock.toml': 'provider = "sqlite"' }))).toBe(true);
    expect(errorOf(() => prismaLayout.read(folder({ 'migration_lock.toml': '', '20260101000000_init/readme.txt': 'x' }))).code).toBe('LAYOUT_FILE_INVALID');
    expect(errorOf(() => prismaLayout.read(folder({ 'init/migration.sql': 'select 1;' }))).code).toBe('LAYOUT_FILE_INVALID');
    const files = prismaLayout.read(folder({ '20260101000000_init/migration.sql': 'create table a (id int);', '.hidden/x': '', 'file.txt': '' }));
    expect(files.map((f) => f.version)).toEqual(['20260101000000']);
  });

  it('sqitch: a bad plan line, a reworked change and a missing deploy script are refused with the line', () => {
    const plan = (lines: string) => `%syntax-version=1.0.0\n%project=shop\n\n# comment\n${lines}\n`;
    const bad = errorOf(() => sqitchLayout.read(folder({ 'sqitch.plan': plan('not a change') })));
    expect(bad.code).toBe('SQITCH_PLAN_INVALID');
    expect(bad.message).toContain('5');
    const change = 'users 2026-01-01T00:00:00Z Jane <jane@example.com> # add users';
    expect(
      errorOf(() =>
        sqitchLayout.read(folder({ 'sqitch.plan': plan(`${change}\n@v1 2026-01-02T00:00:00Z Jane <j@x>\n${change}`), 'deploy/users.sql': 'select 1;' })),
      ).message,
    ).toContain('reworked');
    expect(errorOf(() => sqitchLayout.read(folder({ 'sqitch.plan': plan(change) }))).code).toBe('SQITCH_SCRIPT_MISSING');
    const [users] = sqitchLayout.read(folder({ 'sqitch.plan': plan(change.replace(' # add users', '')), 'deploy/users.sql': 'create table users (id int);' }));
    expect(users!.parts!.down).toBeUndefined();
  });

  it('flyway: an undo without its versioned migration is refused', () => {
    expect(told(errorOf(() => flywayLayout.read(folder({ 'U1__undo.sql': 'drop table a;' }))))).toContain('V1__<description>.sql next to it');
  });
});
