import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const table = (name: string, down = `drop table ${name};`) =>
  `-- migrate:up\ncreate table ${name} (id integer primary key);\ninsert into ${name} values (1);\n-- migrate:down\n${down}\n`;

/** What `up` and `down` report when they fail half-way, on SQLite: the JSON shape, the closing summary, French. */
describe('up and down outcomes (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);

  beforeEach(() => {
    project = createProject({ '20260101000000_one.sql': table('one'), '20260102000000_two.sql': table('two', 'drop table no_such_table;') });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
  });
  afterEach(() => project.cleanup());

  it('down with nothing applied says so; up applies, then says it is up to date', async () => {
    expect((await json('up')).json.applied).toHaveLength(2);
    const upToDate = await cli(['up', '--url', url], project.dir);
    expect(upToDate.code).toBe(0);
    expect(upToDate.stdout).toMatch(/up to date/i);
    const fresh = createProject({ '20260101000000_one.sql': table('one') });
    try {
      const freshUrl = `sqlite:${path.join(fresh.dir, 'fresh.db')}`;
      await cli(['up', '--url', freshUrl, '--to', '20250101000000'], fresh.dir);
      const nothing = await cli(['down', '--url', freshUrl], fresh.dir);
      expect(nothing.code).toBe(0);
      expect(nothing.stdout).toMatch(/nothing to revert/i);
      expect((await cli(['down', '--url', freshUrl, '--json'], fresh.dir)).json.reverted).toEqual([]);
    } finally {
      fresh.cleanup();
    }
  });

  it('up that fails in the middle of --to: what was applied, what failed, what was not run, and the backup', async () => {
    project.write('20260103000000_broken.sql', '-- migrate:up\ncreate table three (id integer primary key);\ninsert into no_such_table values (1);\n');
    project.write('20260104000000_four.sql', table('four'));
    project.write('20260105000000_five.sql', table('five'));
    const failed = await json('up', '--to', '20260104000000');
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({
      ok: false,
      applied: [
        { version: '20260101000000', name: '20260101000000_one' },
        { version: '20260102000000', name: '20260102000000_two' },
      ],
      failed: { name: '20260103000000_broken', outcome: 'rolled-back' },
      notRun: ['20260104000000_four'],
      backup: expect.any(String),
      restored: null,
    });
    expect(await tableExists(url, 'three')).toBe(false);
    const fr = await cli(['up', '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(1);
    expect(fr.stderr.trim().split('\n').at(-1)).toMatch(/20260103000000_broken/);
    expect(fr.stderr).toMatch(/erreur \[/);
  });

  it('down that fails on its second step: the first is reverted, the failed one named, the one after it not run', async () => {
    project.write('20260103000000_three.sql', table('three'));
    expect((await json('up')).code).toBe(0);
    const failed = await json('down', '--steps', '3');
    expect(failed.code).toBe(1);
    expect(failed.json).toMatchObject({
      reverted: [{ version: '20260103000000', name: '20260103000000_three' }],
      failed: { name: '20260102000000_two' },
      notRun: ['20260101000000_one'],
    });
    expect(await tableExists(url, 'three')).toBe(false);
    expect(await tableExists(url, 'two')).toBe(true);
    expect(await query(url, 'select version from dihya_migrations order by version')).toEqual([{ version: '20260101000000' }, { version: '20260102000000' }]);
    const text = await cli(['down', '--steps', '2', '--url', url], project.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/20260102000000_two/);
    expect(text.stderr).toMatch(/no_such_table/);
  });

  it('a step outside a transaction takes a backup of the tables it changes; when it fails, they are restored (or named with autoRestore off)', async () => {
    project.write('20260103000000_rewrite.sql', '-- migrate:up transaction:false\ndelete from one;\ninsert into one values (2);\n');
    expect((await json('up')).code).toBe(0);
    const list = await json('backup', 'list');
    const step = list.json.backups.find((b: { kind?: string }) => b.kind === 'step');
    expect(step).toMatchObject({ tables: ['one'], reason: 'before 20260103000000_rewrite changes one' });
    const text = await cli(['backup', 'list', '--url', url], project.dir);
    expect(text.stdout).toMatch(new RegExp(`${step.id} .* step .* one .*before 20260103000000_rewrite changes one`));

    project.write('20260104000000_half.sql', '-- migrate:up transaction:false\ndelete from one;\ninsert into no_such_table values (1);\n');
    const failed = await json('up');
    expect(failed.code).toBe(1);
    expect(failed.json.failed).toMatchObject({ name: '20260104000000_half', outcome: 'restored' });
    expect(failed.json.restored).toMatchObject({ tables: ['one'], identical: true });
    expect(await query(url, 'select id from one')).toEqual([{ id: 2 }]);
    const textRun = await cli(['up', '--url', url], project.dir);
    expect(textRun.stdout).toMatch(/restored the tables it touched \(one\)/);

    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ backup: { autoRestore: 'off' } }));
    const partial = await json('up');
    expect(partial.code).toBe(1);
    expect(partial.json.failed).toMatchObject({ name: '20260104000000_half', outcome: 'partial' });
    expect(partial.json.restored).toBeNull();
    expect(partial.json.error.message + partial.json.error.hint).toMatch(/-step-/);
    expect(await query(url, 'select id from one')).toEqual([]);
  });
});
