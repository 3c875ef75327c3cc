import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/dweb/open-bundle.ts';
import { readMigrations } from '../../src/layouts/read-layout.ts';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { tableExists } from '../helpers/tables.ts';
import { LAYOUT_TREES, layoutsDatabase, writeTree } from './layout-fixtures.ts';

/** Where `new` writes in each layout, after the fixture's migrations (the up script first). */
const EXPECTED: Record<keyof typeof LAYOUT_TREES, (files: string[]) => void> = {
  'golang-migrate': (files) => expect(files).toEqual(['000011_add_notes.up.sql', '000011_add_notes.down.sql']),
  flyway: (files) => expect(files).toEqual(['V1.11__add_notes.sql', 'U1.11__add_notes.sql']),
  prisma: (files) => expect(files).toEqual([expect.stringMatching(/^20\d{12}_add_notes\/migration\.sql$/)]),
  sqitch: (files) => expect(files).toEqual(['deploy/add_notes.sql', 'revert/add_notes.sql', 'verify/add_notes.sql', 'sqitch.plan']),
};

describe.each(DIALECTS.filter((d) => d === 'sqlite'))('new and export in the folder layout on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: string;
  const migrations = () => path.join(project, 'migrations');
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    project = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-new-'));
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  it.each(Object.keys(LAYOUT_TREES) as (keyof typeof LAYOUT_TREES)[])(
    '%s: new writes the next migration as that tool would; written, it applies after the others',
    async (layout) => {
      writeTree(migrations(), LAYOUT_TREES[layout]);
      const made = await run('new', 'add_notes');
      expect(made.code, made.stdout).toBe(0);
      expect(made.json.layout).toBe(layout);
      const files = (made.json.files as string[]).map((f) => path.relative(migrations(), f));
      EXPECTED[layout](files);
      // Flyway's repeatable scripts come after the versioned ones: the new one is the last versioned
      const read = readMigrations(migrations()).filter((m) => !m.repeatable);
      expect(read.at(-1)!.slug).toBe('add_notes');
      expect(read.at(-1)!.version).toBe(made.json.version);

      // the team writes the up script, then runs everything
      const upFile = made.json.files[0] as string;
      const wrap = (sql: string) =>
        layout === 'sqitch' ? readFileSync(upFile, 'utf8').replace('-- XXX Add DDLs here.', sql) : `${readFileSync(upFile, 'utf8')}${sql}\n`;
      writeFileSync(upFile, wrap('create table notes (id integer primary key);'));
      const up = await run('up');
      expect(up.code, up.stdout).toBe(0);
      expect(up.json.applied.map((a: { name: string }) => a.name)).toContain(read.at(-1)!.name);
      expect(await tableExists(db.url, 'notes')).toBe(true);
      if (layout !== 'prisma') {
        const down = await run('down');
        expect(down.code, down.stdout).toBe(0);
      }
    },
  );

  it('refuses, before writing anything, a sector template outside its own layout and a Sqitch change that exists', async () => {
    writeTree(migrations(), LAYOUT_TREES.sqitch);
    const before = readdirSync(migrations(), { recursive: true }).length;
    const plan = readFileSync(path.join(migrations(), 'sqitch.plan'), 'utf8');
    const sector = await run('new', 'visits', '--sector', 'sante');
    expect(sector.code).toBe(2);
    expect(sector.json.error.code).toBe('LAYOUT_NEW_UNSUPPORTED');
    const twice = await run('new', 'users');
    expect(twice.code).toBe(2);
    expect(twice.json.error).toMatchObject({ code: 'LAYOUT_NEW_UNSUPPORTED', message: expect.stringContaining('already has a change named users') });
    expect(twice.json.error.hint).toBeTruthy();
    expect(readdirSync(migrations(), { recursive: true })).toHaveLength(before);
    expect(readFileSync(path.join(migrations(), 'sqitch.plan'), 'utf8')).toBe(plan);
  });

  it('sqitch: export reads the plan too, and refuses one naming its planners by e-mail (IPFS content is public)', async () => {
    writeTree(migrations(), LAYOUT_TREES.sqitch);
    expect((await run('up')).code).toBe(0);
    const refused = await run('export', 'ipfs');
    expect(refused.code).toBe(2);
    expect(refused.json.error).toMatchObject({ code: 'DWEB_PERSONAL_DATA', message: expect.stringContaining('migrations/sqitch.plan') });
  });

  it.each(['sqitch', 'flyway'] as const)('%s: export puts every file the layout reads in the bundle, and verify compares them', async (layout) => {
    // a plan whose planners left no e-mail (`<>`), so that the bundle holds no personal value
    const tree = { ...LAYOUT_TREES[layout] } as Record<string, string>;
    if (layout === 'sqitch') tree['sqitch.plan'] = tree['sqitch.plan']!.replaceAll('<planner@example.invalid>', '<>');
    writeTree(migrations(), tree);
    expect((await run('up')).code).toBe(0);
    const exported = await run('export', 'ipfs');
    expect(exported.code, JSON.stringify(exported.json)).toBe(0);
    const bundle = await openBundle(exported.json.car);
    const inBundle = [...bundle.files.keys()].filter((p) => p.startsWith('migrations/')).map((p) => p.slice('migrations/'.length));
    expect(inBundle.sort()).toEqual(Object.keys(tree).sort());
    for (const name of inBundle) expect(Buffer.from(bundle.files.get(`migrations/${name}`)!).toString()).toBe(tree[name]);
    const verified = await run('export', 'verify', exported.json.car);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.json.migrations).toEqual({ unchanged: inBundle.length, added: [] });

    // a down script changed since the export is a difference too
    const undo = layout === 'sqitch' ? 'revert/seed.sql' : 'U1.2__seed.sql';
    writeFileSync(path.join(migrations(), undo), `${tree[undo]}-- edited\n`);
    const changed = await run('export', 'verify', exported.json.car);
    expect(changed.code).toBe(1);
    expect(changed.json.error.message).toContain(`migration ${undo} differs from the exported file`);
    expect(existsSync(exported.json.car)).toBe(true);
  });
});
