import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';
import { waitFor } from '../helpers/wait-for.ts';

const TABLES = `-- migrate:up
create table orders (id integer primary key, total integer not null);
create table visits (id integer primary key, page varchar(40) not null);
insert into orders (id, total) values (1, 10), (2, 20);
insert into visits (id, page) values (1, 'home');
-- migrate:down
drop table visits;
drop table orders;
`;

/**
 * Changes `orders` in a way that cannot roll back, then waits until the test has written from
 * another session, then fails.
 */
const RESHAPE = (nonTransactional: boolean) => `import { existsSync, writeFileSync } from 'node:fs';
export default {
  description: 'reshape orders, then fail',
  ${nonTransactional ? 'transactional: false,' : ''}
  async up({ run }) {
    await run('alter table orders add column note varchar(20)');
    await run('update orders set total = total * 100');
    writeFileSync(process.env.DIHYA_TEST_PAUSED, 'paused');
    while (!existsSync(process.env.DIHYA_TEST_GO)) await new Promise((r) => setTimeout(r, 20));
    await run('insert into no_such_table values (1)');
  },
};
`;

const cases: { dialect: Dialect; nonTransactional: boolean; label: string }[] = [
  { dialect: 'mysql', nonTransactional: false, label: 'MariaDB (DDL commits implicitly)' },
  { dialect: 'postgres', nonTransactional: true, label: 'PostgreSQL, transactional: false' },
  { dialect: 'sqlite', nonTransactional: true, label: 'SQLite, transactional: false' },
];

describe.each(cases.filter((c) => testsOn(c.dialect)))('a failing migration with a concurrent writer: $label', ({ dialect, nonTransactional }) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_tables.sql': TABLES });
    expect((await runCliProcess(['up', '--url', db.url], { cwd: project.dir })).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('restores only the tables it touched: the other session’s rows elsewhere survive, and its writes there are named', async () => {
    project.write('20260102000000_reshape.ts', RESHAPE(nonTransactional));
    const paused = path.join(project.dir, 'paused');
    const go = path.join(project.dir, 'go');
    const up = startCli(['up', '--url', db.url, '--json'], { cwd: project.dir, env: { DIHYA_TEST_PAUSED: paused, DIHYA_TEST_GO: go } });
    await waitFor(() => existsSync(paused), 60_000);
    // Another client writes meanwhile: into a table the migration never touched, and into the one it did.
    await query(db.url, "insert into visits (id, page) values (2, 'pricing'), (3, 'signup')");
    await query(db.url, 'insert into orders (id, total) values (3, 30)');
    writeFileSync(go, 'go');
    const result = await up.done;
    expect(result.code).toBe(1);
    const error = JSON.parse(result.stdout).error;
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.hint).toMatch(/The tables it touched \(orders\) were restored/);
    expect(error.hint).toMatch(/Other sessions also wrote to orders meanwhile/);

    expect((await query<{ id: number }>(db.url, 'select id from visits order by id')).map((r) => Number(r.id))).toEqual([1, 2, 3]);
    const orders = await query<Record<string, unknown>>(db.url, 'select * from orders order by id');
    expect(orders.map((r) => [Number(r.id), Number(r.total)])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(Object.keys(orders[0]!)).toEqual(['id', 'total']);
    const status = JSON.parse((await runCliProcess(['status', '--url', db.url, '--json'], { cwd: project.dir })).stdout);
    expect(status.problems).toEqual([]);
    expect(status.entries.at(-1).state).toBe('pending');
  });
});
