import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const ACCOUNTS = `-- migrate:up
create table accounts (id integer primary key, balance integer not null);
insert into accounts (id, balance) values (1, 100), (2, 200);
-- migrate:down
drop table accounts;
`;

/** A TypeScript migration that sends a COMMIT of its own in the middle, then fails. */
const SNEAKY_COMMIT = `export default {
  description: 'credit, commit behind the runner, then fail',
  async up({ run }) {
    await run('update accounts set balance = balance + 10');
    await run('commit');
    await run('update accounts set balance = balance + 1000');
  },
};
`;

const balances = async (url: string) => (await query<{ balance: number }>(url, 'select balance from accounts order by id')).map((r) => Number(r.balance));

describe.each(DIALECTS)('statements that would commit behind the runner on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_accounts.sql': ACCOUNTS });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('refuses a COMMIT sent inside the migration’s transaction: nothing kept, and a fixed rerun applies it once', async () => {
    project.write('20260102000000_credit.ts', SNEAKY_COMMIT);
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('TRANSACTION_CONTROL_REFUSED');
    expect(up.json.error.hint).toMatch(/Nothing of it was kept/);
    expect(await balances(db.url)).toEqual([100, 200]);
    expect((await run('status')).json.entries.at(-1).state).toBe('pending');

    project.write('20260102000000_credit.ts', SNEAKY_COMMIT.replace("    await run('commit');\n", '').replace('balance + 1000', 'balance + 0'));
    expect((await run('up')).code).toBe(0);
    expect(await balances(db.url)).toEqual([110, 210]);
    expect((await run('up')).json.applied).toEqual([]);
    expect(await balances(db.url)).toEqual([110, 210]);
  });

  it('refuses a COMMIT in an SQL migration before anything runs', async () => {
    project.write(
      '20260102000000_credit.sql',
      '-- migrate:up\nupdate accounts set balance = balance + 10;\ncommit;\nupdate accounts set balance = balance + 1;\n',
    );
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.message).toMatch(/credit\.sql:3: COMMIT/);
    expect(await balances(db.url)).toEqual([100, 200]);
  });
});

describe.runIf(testsOn('mysql'))('DDL that commits out of sight on MariaDB (PREPARE/EXECUTE, CALL)', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase('mysql');
    project = createProject({ '20260101000000_accounts.sql': ACCOUNTS });
    expect((await run('up')).code).toBe(0);
    await query(db.url, 'create procedure add_note() begin alter table accounts add column note varchar(20); end');
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it.each([
    ['EXECUTE of prepared DDL', "prepare s from 'alter table accounts add column note varchar(20)';\nexecute s;\ndeallocate prepare s;"],
    ['a CALLed procedure running DDL', 'call add_note();'],
  ])('sees the commit of %s, undoes the tables it touched, and a rerun credits once', async (_what, ddl) => {
    const migration = (fail: boolean) =>
      `-- migrate:up\nupdate accounts set balance = balance + 10;\n${ddl}\n${fail ? 'insert into no_such_table values (1);\n' : ''}`;
    project.write('20260102000000_credit.sql', migration(true));
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.hint).toMatch(/restored from backup .+ and are identical to before the migration/);
    expect(await balances(db.url)).toEqual([100, 200]);
    const columns = await query<{ c: string }>(
      db.url,
      "select column_name as c from information_schema.columns where table_schema = database() and table_name = 'accounts' order by ordinal_position",
    );
    expect(columns.map((r) => r.c)).toEqual(['id', 'balance']);
    expect((await run('status')).json.entries.at(-1).state).toBe('pending');

    project.write('20260102000000_credit.sql', migration(false));
    expect((await run('up')).code).toBe(0);
    expect(await balances(db.url)).toEqual([110, 210]);
    expect((await run('up')).json.applied).toEqual([]);
    expect(await balances(db.url)).toEqual([110, 210]);
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('with backup.autoRestore: off, restores nothing and says how to undo it later', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ backup: { autoRestore: 'off' } }));
    project.write(
      '20260102000000_credit.sql',
      '-- migrate:up\nupdate accounts set balance = balance + 10;\nalter table accounts add column note varchar(20);\ninsert into no_such_table values (1);\n',
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.hint).toMatch(/part of it may be kept.*The backup taken before it is \S+/);
    expect(await balances(db.url)).toEqual([110, 210]);
    const status = await run('status');
    expect(status.json.problems[0].code).toBe('INTERRUPTED');
    expect(status.json.problems[0].hint).toContain('resolve 20260102000000 --undo');
    expect((await run('resolve', '20260102000000', '--undo')).code).toBe(0);
    expect(await balances(db.url)).toEqual([100, 200]);
    expect((await run('status')).json.problems).toEqual([]);
  });
});
