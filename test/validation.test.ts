import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const BASE = `-- migrate:up
create table customers (id integer primary key, email varchar(100), country varchar(2));
create table orders (id integer primary key, customer_id integer references customers (id), total integer);
insert into customers (id, email, country) values (1, 'a', 'FR'), (2, 'b', null), (3, 'c', null);
insert into orders (id, customer_id, total) values (10, 1, 5), (11, 2, 7);
`;

const tsMigration = (body: string, checks = '') => `export default {
  description: 'test migration',
  ${checks ? `checks: ${checks},` : ''}
  async up({ db, sql, run, dialect }) { ${body} },
};
`;

describe.each(DIALECTS)('validation after each migration on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_base.sql': BASE });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  const expectStoppedAndUnchanged = async (reason: RegExp) => {
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('VALIDATION_FAILED');
    expect(up.json.error.message).toMatch(reason);
    expect(up.json.error.hint).toMatch(/rolled back|restored from backup .+ and are identical/);
    expect(await query(db.url, 'select id from customers')).toHaveLength(3);
    const status = await run('status');
    expect(status.json.entries.at(-1).state).toBe('pending');
    expect(status.json.problems).toEqual([]);
  };

  it('stops a migration that deletes rows it did not declare, and lets a declared one through', async () => {
    project.write('20260102000000_purge.ts', tsMigration("await db.deleteFrom('orders').where('total', '<', 6).execute();"));
    await expectStoppedAndUnchanged(/orders lost 1 of its 2 rows/);
    project.write('20260102000000_purge.ts', tsMigration("await db.deleteFrom('orders').where('total', '<', 6).execute();", "{ allowRowLoss: ['orders'] }"));
    expect((await run('up')).code).toBe(0);
    expect(await query(db.url, 'select id from orders')).toHaveLength(1);
  });

  it('counts a dropped table with rows as rows lost, but not the copy-and-rename pattern', async () => {
    project.write('20260102000000_drop.sql', '-- migrate:up\ndrop table orders;\n');
    await expectStoppedAndUnchanged(/orders lost 2 of its 2 rows \(table dropped\)/);
    project.remove('20260102000000_drop.sql');
    project.write(
      '20260102000000_rebuild.ts',
      tsMigration(`
        await run('create table orders_new (id integer primary key, customer_id integer, total bigint)');
        await run('insert into orders_new (id, customer_id, total) select id, customer_id, total from orders');
        await run('drop table orders');
        await run(dialect === 'mysql' ? 'rename table orders_new to orders' : 'alter table orders_new rename to orders');`),
    );
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    expect(up.json.applied[0].schemaChanges.join('\n')).toMatch(/orders/);
  });

  it('checks declared not-null columns and row counts', async () => {
    project.write(
      '20260102000000_backfill.ts',
      tsMigration("await db.updateTable('customers').set({ country: 'FR' }).where('id', '=', 2).execute();", "{ notNull: ['customers.country'] }"),
    );
    await expectStoppedAndUnchanged(/customers\.country has 1 NULL value/);
    project.write(
      '20260102000000_backfill.ts',
      tsMigration(
        "await db.updateTable('customers').set({ country: 'FR' }).where('country', 'is', null).execute();",
        "{ notNull: ['customers.country'], rowCounts: { customers: 3, orders: { min: 1, max: 5 } } }",
      ),
    );
    expect((await run('up')).code).toBe(0);
  });

  it('stops a migration that leaves foreign-key orphans on the tables it touched', async () => {
    const orphan =
      dialect === 'postgres'
        ? `await run('alter table orders drop constraint orders_customer_id_fkey');
           await run('insert into orders (id, customer_id, total) values (12, 99, 1)');
           await run('alter table orders add constraint orders_customer_id_fkey foreign key (customer_id) references customers (id) not valid');`
        : dialect === 'mysql'
          ? `await run('set foreign_key_checks = 0');
             await run('insert into orders (id, customer_id, total) values (12, 99, 1)');
             await run('set foreign_key_checks = 1');
             await run('alter table orders add column note varchar(10)');`
          : `await run('pragma defer_foreign_keys = on');
             await run('insert into orders (id, customer_id, total) values (12, 99, 1)');
             await run('alter table orders add column note varchar(10)');`;
    project.write('20260102000000_orphan.ts', tsMigration(orphan));
    const up = await run('up');
    expect(up.code).toBe(1);
    if (dialect === 'sqlite') {
      // SQLite enforces the deferred key at commit: the migration fails and nothing is kept.
      expect(up.json.error.code).toMatch(/VALIDATION_FAILED|MIGRATION_FAILED/);
    } else {
      expect(up.json.error.code).toBe('VALIDATION_FAILED');
      expect(up.json.error.message).toMatch(/1 row\(s\) of orders point to no row of customers/);
    }
    expect(await query(db.url, 'select id from orders')).toHaveLength(2);
  });

  it('records each migration’s schema changes in history, status and the audit', async () => {
    project.write(
      '20260102000000_phone.sql',
      '-- migrate:up\nalter table customers add column phone varchar(20);\ncreate index customers_country on customers (country);\n',
    );
    const up = await run('up');
    expect(up.json.applied[0].schemaChanges).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\+column customers\.phone/), '+index customers_country on customers (country)']),
    );
    const status = await run('status');
    expect(status.json.entries[0].schemaChange).toMatch(/\+table customers/);
    expect(status.json.entries[1].schemaChange).toMatch(/\+column customers\.phone/);
  });
});
