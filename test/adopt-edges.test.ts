import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const file = (table: string) => `-- migrate:up\ncreate table ${table} (id integer primary key);\n-- migrate:down\ndrop table ${table};\n`;

/** import-history and repair on SQLite with this tool's own layout: each refusal by its code, each repair audited. */
describe('adoption edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);
  const exec = (text: string) => query(url, text);
  const history = () => query<{ version: string; name: string; status: string }>(url, 'select version, name, status from dihya_migrations order by version');

  beforeEach(() => {
    project = createProject({ '20260101000000_one.sql': file('one'), '20260102000000_two.sql': file('two'), '20260103000000_three.sql': file('three') });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
  });
  afterEach(() => project.cleanup());

  it('import-history: two tools found is ambiguous; a named tool without its table is unreadable; an entry without a file is refused', async () => {
    await exec('create table knex_migrations (id integer primary key, name text, migration_time text)');
    await exec('create table _prisma_migrations (migration_name text, checksum text, started_at text, finished_at text, rolled_back_at text)');
    const ambiguous = await json('import-history');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.json.error.code).toBe('IMPORT_TOOL_AMBIGUOUS');
    expect(ambiguous.json.error.message).toMatch(/knex.*prisma|prisma.*knex/);
    const unreadable = await json('import-history', '--from', 'golang-migrate');
    expect(unreadable.json.error.code).toBe('IMPORT_TABLE_UNREADABLE');
    await exec('drop table _prisma_migrations');
    await exec("insert into knex_migrations (name, migration_time) values ('no_such_migration.js', '2024-01-01 10:00:00')");
    const missing = await json('import-history', '--from', 'knex');
    expect(missing.json.error.code).toBe('IMPORT_FILE_MISSING');
    expect(missing.json.error.message).toContain('no_such_migration');
  });

  it('import-history matches a knex name by its version when the slug changed; importing again records nothing and takes no backup', async () => {
    await exec('create table knex_migrations (id integer primary key, name text, migration_time text)');
    await exec(
      "insert into knex_migrations (name, migration_time) values ('20260101000000_first_name.js', '2024-01-01 10:00:00'), ('20260102000000_two.ts', null)",
    );
    const imported = await json('import-history', '--table', 'knex_migrations', '--from', 'knex');
    expect(imported.code).toBe(0);
    expect(imported.json.applied).toEqual(['20260101000000_one', '20260102000000_two']);
    expect(imported.json.backup).toEqual(expect.any(String));
    expect((await history()).map((r) => r.version)).toEqual(['20260101000000', '20260102000000']);
    const again = await json('import-history', '--from', 'knex');
    expect(again.code).toBe(0);
    expect(again.json.backup).toBeUndefined();
    const text = await cli(['import-history', '--url', url], project.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('knex');
  });

  it('import-history from Flyway: a baseline below the first file counts the files up to it; a checksum that differs is refused unless --trust-files', async () => {
    await exec(
      'create table flyway_schema_history (installed_rank int primary key, version text, script text not null, type text not null, checksum int, installed_on text, execution_time int, success int)',
    );
    await exec("insert into flyway_schema_history values (1, '20260101500000', '<< Flyway Baseline >>', 'BASELINE', null, '2024-01-01 10:00:00', 0, 1)");
    await exec("insert into flyway_schema_history values (2, '20260102000000', '20260102000000_two.sql', 'SQL', 12345, '2024-01-02 10:00:00', 5, 1)");
    const mismatch = await json('import-history');
    expect(mismatch.code).toBe(2);
    expect(mismatch.json.error.code).toBe('IMPORT_CHECKSUM_MISMATCH');
    const trusted = await json('import-history', '--trust-files');
    expect(trusted.code).toBe(0);
    expect(trusted.json.tool).toBe('flyway');
    expect(trusted.json.applied).toEqual(['20260101000000_one', '20260102000000_two']);
    const up = await json('up');
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['20260103000000_three']);
  });

  it('repair: refuses what has nothing to repair, each with its reason', async () => {
    expect((await json('up', '--to', '20260102000000')).code).toBe(0);
    const reason = ['--reason', 'ticket 42'];
    const nothing = async (...args: string[]) => {
      const r = await json('repair', ...args, ...reason);
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('NOTHING_TO_REPAIR');
      return r.json.error.message as string;
    };
    expect(await nothing('--renamed')).toMatch(/no applied migration has a renamed file/);
    expect(await nothing('20260103000000', '--clear-failed')).toMatch(/not in the history/);
    expect(await nothing('20260101000000', '--clear-failed')).toMatch(/applied, not failed/);
    expect(await nothing('20260101000000', '--accept-change')).toMatch(/unchanged/);
    const noReason = await json('repair', '--renamed', '--reason', '   ');
    expect(noReason.json.error.code).toBe('REPAIR_USAGE');
    await exec("update dihya_migrations set status = 'failed' where version = '20260102000000'");
    expect(await nothing('20260102000000', '--accept-change')).toMatch(/settle it first/);
    project.remove('20260102000000_two.sql');
    expect(await nothing('20260102000000', '--accept-change')).toMatch(/file is missing/);
    const cleared = await json('repair', '20260102000000', '--clear-failed', ...reason);
    expect(cleared.code).toBe(0);
    expect(cleared.json.repaired).toEqual([{ action: 'clear-failed', version: '20260102000000', name: '20260102000000_two' }]);
    expect((await history()).map((r) => r.version)).toEqual(['20260101000000']);
  });

  it('repair --renamed follows a file renamed to a new version, and one whose slug changed; --accept-change takes an edit', async () => {
    expect((await json('up', '--to', '20260102000000')).code).toBe(0);
    renameSync(path.join(project.migrationsDir, '20260101000000_one.sql'), path.join(project.migrationsDir, '20251231000000_one.sql'));
    renameSync(path.join(project.migrationsDir, '20260102000000_two.sql'), path.join(project.migrationsDir, '20260102000000_second.sql'));
    const renamed = await json('repair', '--renamed', '--reason', 'new naming');
    expect(renamed.code).toBe(0);
    expect(renamed.json.repaired).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'renamed', version: '20251231000000', previousVersion: '20260101000000' }),
        expect.objectContaining({ action: 'renamed', version: '20260102000000', name: '20260102000000_second', previousName: '20260102000000_two' }),
      ]),
    );
    expect((await history()).map((r) => r.name)).toEqual(['20251231000000_one', '20260102000000_second']);
    writeFileSync(path.join(project.migrationsDir, '20260102000000_second.sql'), `${file('two')}-- a comment\n`);
    const edited = await json('status');
    expect(edited.json.problems.length + edited.json.entries.filter((e: { state: string }) => e.state === 'edited').length).toBeGreaterThan(0);
    const accepted = await cli(['repair', '20260102000000', '--accept-change', '--reason', 'comment only', '--url', url], project.dir);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('20260102000000');
    expect((await json('status')).json.problems).toEqual([]);
    const audit = (await json('audit', 'show', '--limit', '100')).json.entries.filter((e: { event: string }) => e.event === 'history.repaired');
    expect(audit.map((e: { reason: string }) => e.reason)).toEqual(['new naming', 'new naming', 'comment only']);
  });
});
