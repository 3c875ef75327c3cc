import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { tableExists } from '../helpers/tables.ts';

const withDown = (table: string, down = `drop table ${table};`) => `-- migrate:up\ncreate table ${table} (id integer primary key);\n-- migrate:down\n${down}\n`;
const withoutDown = (table: string) => `-- migrate:up\ncreate table ${table} (id integer primary key);\n`;

/** Rehearsals that cannot check every round trip, or fail in each of their phases (SQLite): the report says which and where. */
describe('rehearsal edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);

  beforeEach(() => {
    project = createProject({ '20260101000000_base.sql': withDown('base') });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    new DatabaseSync(path.join(project.dir, 'app.db')).close(); // production exists (empty): rehearse never creates it
  });
  afterEach(() => project.cleanup());

  it('stops reverting at a migration without a down: its round trip and the earlier ones are not checked, and it passes', async () => {
    project.write('20260102000000_last.sql', withoutDown('last'));
    const report = await json('rehearse');
    expect(report.code).toBe(0);
    expect(report.json.result).toBe('passed');
    expect(report.json.migrations.map((m: { roundTrip: string }) => m.roundTrip)).toEqual(['not-run', 'no-down']);
    const text = await cli(['rehearse', '--url', url], project.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('20260102000000_last');
    const fr = await cli(['rehearse', '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(0);
    // status says the pending set is rehearsed, in both languages.
    expect((await cli(['status', '--url', url], project.dir)).stdout).toMatch(/rehearsal: the pending set was rehearsed on \S+/);
    expect((await cli(['status', '--url', url, '--lang', 'fr'], project.dir)).stdout).toMatch(/répétition : les migrations en attente ont été répétées le/);
    // The copy is gone and production untouched.
    expect(await tableExists(url, 'base')).toBe(false);
  });

  it('a failing up is reported in phase up, with the migration, and the receipt says so', async () => {
    project.write('20260102000000_broken.sql', '-- migrate:up\ninsert into no_such_table values (1);\n-- migrate:down\nselect 1;\n');
    const report = await json('rehearse');
    expect(report.code).toBe(1);
    expect(report.json.failure).toMatchObject({ phase: 'up', version: '20260102000000', name: '20260102000000_broken' });
    expect(report.json.migrations[0].up.ok).toBe(true);
    const audit = await json('audit', 'show');
    const receipt = audit.json.entries.find((e: { event: string }) => e.event === 'rehearsal.receipt');
    expect(receipt).toMatchObject({ result: 'failed' });
    expect(receipt.failure).toMatch(/^up 20260102000000_broken: /);
    const status = await json('status');
    expect(status.json.rehearsal).toMatchObject({ rehearsed: false });
  });

  it('a failing down is reported in phase down', async () => {
    project.write('20260102000000_bad_down.sql', withDown('bad_down', 'drop table no_such_table;'));
    const report = await json('rehearse');
    expect(report.code).toBe(1);
    expect(report.json.failure).toMatchObject({ phase: 'down', version: '20260102000000' });
    expect(report.json.migrations[1].roundTrip).toBe('not-run');
    const text = await cli(['rehearse', '--url', url], project.dir);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/REHEARSAL_FAILED/);
  });
});
