import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

/*
 * Statements whose effect cannot be read from their text (EXECUTE of prepared DDL, CALL, DO
 * blocks, functions that run DDL): the schema change is recorded under the migration that made
 * it, rows lost inside them are still counted, and a failure after one says what was kept.
 */
const ITEMS = `-- migrate:up
create table items (id integer primary key, name varchar(40));
insert into items (id, name) values (1, 'a'), (2, 'b');
-- migrate:down
drop table items;
`;
const NEXT = `-- migrate:up
insert into items (id, name) values (3, 'c');
-- migrate:down
delete from items where id = 3;
`;

async function schemaChanges(url: string): Promise<Record<string, string | null>> {
  const rows = await query<{ version: string; schema_change: string | null }>(url, 'select version, schema_change from dihya_migrations order by version');
  return Object.fromEntries(rows.map((r) => [String(r.version), r.schema_change]));
}

function setup(dialect: 'postgres' | 'mysql') {
  const state = {} as { db: ScratchDatabase; project: TestProject };
  beforeEach(async () => {
    state.db = await createScratchDatabase(dialect);
    state.project = createProject({ '20260101000000_items.sql': ITEMS });
  });
  afterEach(async () => {
    state.project.cleanup();
    await state.db.drop();
  });
  return { state, run: (...args: string[]) => cli([...args, '--url', state.db.url, '--json'], state.project.dir) };
}

describe.runIf(testsOn('mysql'))('opaque statements on MariaDB', () => {
  const { state, run } = setup('mysql');

  it('records the ALTER TABLE of a PREPARE/EXECUTE under its own migration, not none and not the next one', async () => {
    state.project.write(
      '20260102000000_dynamic.sql',
      "-- migrate:up\nset @ddl = 'alter table items add column price int';\nprepare s from @ddl;\nexecute s;\ndeallocate prepare s;\n",
    );
    state.project.write('20260103000000_next.sql', NEXT);
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const changes = await schemaChanges(state.db.url);
    expect(changes['20260102000000']).toMatch(/items/);
    expect(changes['20260102000000']).toMatch(/price/);
    expect(changes['20260103000000'] ?? null).toBeNull();
  });

  it('records the column a CALLed procedure adds under its own migration', async () => {
    state.project.write(
      '20260102000000_proc.sql',
      '-- migrate:up\ncreate procedure add_note() begin alter table items add column note varchar(20); end;\ncall add_note();\ndrop procedure add_note;\n',
    );
    state.project.write('20260103000000_next.sql', NEXT);
    expect((await run('up')).code).toBe(0);
    const changes = await schemaChanges(state.db.url);
    expect(changes['20260102000000']).toMatch(/note/);
    expect(changes['20260103000000'] ?? null).toBeNull();
  });

  it('counts the rows a CALLed procedure deletes (every table is counted before it)', async () => {
    expect((await run('up')).code).toBe(0);
    state.project.write(
      '20260102000000_purge.sql',
      '-- migrate:up\ncreate procedure purge_items() begin delete from items where id = 1; end;\ncall purge_items();\n',
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code, JSON.stringify(up.json.error)).toBe('VALIDATION_FAILED');
    expect(up.json.error.message).toMatch(/items lost 1 of its 2 rows/);
  });

  it('after EXECUTE of prepared DDL fails later, says part of it was kept (not "nothing kept") when nothing is restored', async () => {
    writeFileSync(path.join(state.project.dir, 'dihya.config.json'), JSON.stringify({ backup: { autoRestore: 'off' } }));
    expect((await run('up')).code).toBe(0);
    state.project.write(
      '20260102000000_dynamic.sql',
      "-- migrate:up\nupdate items set name = 'z';\nprepare s from 'alter table items add column price int';\nexecute s;\ninsert into no_such_table values (1);\n",
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.hint).toMatch(/part of it may be kept/);
    expect(up.json.error.hint).not.toMatch(/nothing (of it )?(was )?kept/i);
    // the implicit commit of the ALTER kept the update made before it
    expect((await query<{ name: string }>(state.db.url, 'select name from items order by id')).map((r) => r.name)).toEqual(['z', 'z']);
    expect((await run('status')).json.problems[0].code).toBe('INTERRUPTED');
  });
  it('sees a transaction a CALLed procedure commits, and restores what it kept when a later statement fails', async () => {
    expect((await run('up')).code).toBe(0);
    await query(state.db.url, "create procedure rename_all() begin update items set name = 'p'; commit; end");
    state.project.write(
      '20260102000000_commits.sql',
      "-- migrate:up\nupdate items set name = 'q';\ncall rename_all();\ninsert into no_such_table values (1);\n",
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.failed.outcome).toBe('restored');
    expect(up.json.error.hint).toMatch(/restored from backup .+ and are identical to before the migration/);
    expect((await query<{ name: string }>(state.db.url, 'select name from items order by id')).map((r) => r.name)).toEqual(['a', 'b']);
  });
});

describe.runIf(testsOn('postgres'))('opaque statements on PostgreSQL', () => {
  const { state, run } = setup('postgres');

  it('records the table a DO block creates under its own migration', async () => {
    state.project.write('20260102000000_do.sql', "-- migrate:up\ndo $$ begin execute 'create table made_by_do (id int primary key)'; end $$;\n");
    state.project.write('20260103000000_next.sql', NEXT);
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const changes = await schemaChanges(state.db.url);
    expect(changes['20260102000000']).toMatch(/made_by_do/);
    expect(changes['20260103000000'] ?? null).toBeNull();
  });

  it('records the column a function adds when a SELECT calls it', async () => {
    state.project.write(
      '20260102000000_fn.sql',
      '-- migrate:up\ncreate function add_price() returns void language plpgsql as $$ begin alter table items add column price int; end $$;\n' +
        'select add_price();\n',
    );
    state.project.write('20260103000000_next.sql', NEXT);
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const changes = await schemaChanges(state.db.url);
    expect(changes['20260102000000']).toMatch(/price/);
    expect(changes['20260103000000'] ?? null).toBeNull();
  });

  it('records the table a CALLed procedure creates under its own migration', async () => {
    state.project.write(
      '20260102000000_proc.sql',
      '-- migrate:up\ncreate procedure make_log() language plpgsql as $$ begin create table audit_log (id int); end $$;\ncall make_log();\n',
    );
    state.project.write('20260103000000_next.sql', NEXT);
    expect((await run('up')).code).toBe(0);
    const changes = await schemaChanges(state.db.url);
    expect(changes['20260102000000']).toMatch(/audit_log/);
    expect(changes['20260103000000'] ?? null).toBeNull();
  });

  it.each([
    ['a DO block', 'do $$ begin delete from items where id = 1; end $$;'],
    ['an EXECUTE of a prepared DELETE', 'prepare purge as delete from items where id = 1;\nexecute purge;'],
    ['a function called by a SELECT', 'create function purge() returns void language sql as $$ delete from items where id = 1 $$;\nselect purge();'],
  ])('counts the rows %s deletes (every table is counted before it)', async (_what, sql) => {
    expect((await run('up')).code).toBe(0);
    state.project.write('20260102000000_purge.sql', `-- migrate:up\n${sql}\n`);
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('VALIDATION_FAILED');
    expect(up.json.error.message).toMatch(/items lost 1 of its 2 rows/);
    expect(Number((await query<{ n: number }>(state.db.url, 'select count(*)::int as n from items'))[0]!.n)).toBe(2);
  });
});
