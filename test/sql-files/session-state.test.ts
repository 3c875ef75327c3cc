import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, withMysql, withPg, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

/*
 * Session state a migration sets (role, search_path, session variables; USE, user variables,
 * sql_mode) never reaches dihya-migrate's own statements (the history row lands in the history
 * table) nor the next migration, which runs as if the first had set nothing.
 */
const modes = [
  ['in a transaction', ''],
  ['outside a transaction (transaction:false)', ' transaction:false'],
] as const;

describe.runIf(testsOn('postgres'))('session state set by a migration on PostgreSQL', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const role = `dihya_t_role_${process.pid}`;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
    await withPg((c) => c.query(`drop role if exists ${role}; create role ${role}`));
    project = createProject();
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
    await withPg((c) => c.query(`drop role if exists ${role}`));
  });

  it.each(modes)('SET ROLE, search_path and variables stay in their migration (%s)', async (_mode, option) => {
    project.write(
      '20260101000000_elsewhere.sql',
      `-- migrate:up${option}\ncreate schema elsewhere;\ngrant usage, create on schema elsewhere to ${role};\n` +
        `set search_path = elsewhere;\nset role ${role};\nset app.flag = 'on';\nset statement_timeout = '7s';\n` +
        "select set_config('app.other', 'x', false);\nprepare leftover as select 1;\ncreate table in_elsewhere (id int);\n",
    );
    const state = (table: string) =>
      `-- migrate:up\ncreate table ${table} as select current_user::text as who, current_setting('search_path') as path,\n` +
      "  nullif(current_setting('app.flag', true), '') as flag, current_setting('statement_timeout') as timeout,\n" +
      "  (select count(*) from pg_prepared_statements where name not like 'dihya\\_%')::int as prepared;\n"; // the runner's own prepared snapshot aside
    project.write('20251231000000_baseline.sql', state('baseline'));
    project.write('20260102000000_landed.sql', state('landed'));
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    // the first migration's own statements ran as it asked
    expect(await query(db.url, "select table_schema from information_schema.tables where table_name = 'in_elsewhere'")).toEqual([
      { table_schema: 'elsewhere' },
    ]);
    // the second ran in the default schema, as the connecting user, with no setting left over
    const landed = await query<Record<string, unknown>>(db.url, 'select who, path, flag, timeout, prepared from public.landed');
    expect(landed).toEqual([{ who: 'postgres', path: '"$user", public', flag: null, timeout: '0', prepared: 0 }]);
    expect(landed).toEqual(await query(db.url, 'select who, path, flag, timeout, prepared from public.baseline'));
    // both history rows are in the history table of the default schema
    const rows = await query<{ version: string }>(db.url, 'select version from public.dihya_migrations order by version');
    expect(rows.map((r) => String(r.version))).toEqual(['20251231000000', '20260101000000', '20260102000000']);
    expect(await query(db.url, "select table_name from information_schema.tables where table_schema = 'elsewhere' order by 1")).toEqual([
      { table_name: 'in_elsewhere' },
    ]);
  });
  it('the row-loss check counts the same table before and after a migration that moved search_path', async () => {
    project.write(
      '20260101000000_tables.sql',
      '-- migrate:up\ncreate table items (id int);\ninsert into items values (1), (2);\ncreate schema elsewhere;\ncreate table elsewhere.items (id int);\ninsert into elsewhere.items values (1), (2), (3), (4), (5);\n',
    );
    project.write('20260102000000_moved.sql', '-- migrate:up\nset search_path = elsewhere, public;\ndelete from items where id = 999;\n');
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
  });
});

describe.runIf(testsOn('mysql'))('session state set by a migration on MariaDB', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let name: string;
  const other = `dihya_t_other_${process.pid}`;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase('mysql');
    name = new URL(db.url).pathname.slice(1);
    await withMysql((c) => c.query(`create database if not exists ${other}`));
    project = createProject();
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
    await withMysql((c) => c.query(`drop database if exists ${other}`));
  });

  it.each(modes)('USE, user variables and SET SESSION stay in their migration (%s)', async (_mode, option) => {
    project.write(
      '20260101000000_elsewhere.sql',
      `-- migrate:up${option}\nuse ${other};\nset @x = 42;\nset session sql_mode = 'ANSI_QUOTES';\nset session foreign_key_checks = 0, group_concat_max_len = 7;\n` +
        '/*!40101 SET NAMES latin1 */;\ncreate table in_other (id int);\n',
    );
    const state = (table: string) =>
      `-- migrate:up\ncreate table ${table} as select database() as db, @x as x, @@session.sql_mode as mode,\n` +
      '  @@session.foreign_key_checks as fk, @@session.group_concat_max_len as gc, @@session.character_set_client as cs;\n';
    project.write('20251231000000_baseline.sql', state('baseline'));
    project.write('20260102000000_landed.sql', state('landed'));
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    const [landed] = await query<Record<string, unknown>>(db.url, `select db, x, mode, fk, gc, cs from \`${name}\`.landed`);
    const [baseline] = await query<Record<string, unknown>>(db.url, `select db, x, mode, fk, gc, cs from \`${name}\`.baseline`);
    expect(landed).toEqual(baseline);
    expect(landed).toMatchObject({ db: name, x: null, fk: 1, cs: 'utf8mb4' });
    expect(landed!.mode).not.toMatch(/ANSI_QUOTES/);
    expect(await query(db.url, `select table_name as t from information_schema.tables where table_schema = '${other}'`)).toEqual([{ t: 'in_other' }]);
    const rows = await query<{ version: string }>(db.url, `select version from \`${name}\`.dihya_migrations order by version`);
    expect(rows.map((r) => String(r.version))).toEqual(['20251231000000', '20260101000000', '20260102000000']);
  });
});

describe('session state set by a migration on SQLite', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject();
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('a PRAGMA stays in its migration', async () => {
    const state = (table: string) =>
      `-- migrate:up\ncreate table ${table} as select (select recursive_triggers from pragma_recursive_triggers) as rt, (select legacy_alter_table from pragma_legacy_alter_table) as la;\n`;
    project.write('20251231000000_baseline.sql', state('baseline'));
    project.write('20260101000000_pragmas.sql', '-- migrate:up\npragma recursive_triggers = 1;\npragma legacy_alter_table = on;\ncreate table t (a int);\n');
    project.write('20260102000000_landed.sql', state('landed'));
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    expect(await query(db.url, 'select rt, la from landed')).toEqual([{ rt: 0, la: 0 }]);
    expect(await query(db.url, 'select rt, la from landed')).toEqual(await query(db.url, 'select rt, la from baseline'));
  });
});
