import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { StatementConnection, Target } from '../src/database/target.ts';
import { resolveTableName, RowRemovalWatch } from '../src/validate/row-removal-watch.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';

describe('resolveTableName', () => {
  const tables = { orders: {}, 'billing.Invoices': {}, Mixed: {} };
  it('finds a table as written, folded, or case-insensitively where names ignore case', () => {
    expect(resolveTableName('ORDERS', tables, 'postgres')).toBe('orders');
    expect(resolveTableName('public.orders', tables, 'postgres')).toBe('orders');
    expect(resolveTableName('billing."Invoices"', tables, 'postgres')).toBe('billing.Invoices');
    expect(resolveTableName('"MIXED"', tables, 'postgres')).toBeUndefined();
    expect(resolveTableName('mixed', tables, 'mysql')).toBe('Mixed');
    expect(resolveTableName('`MIXED`', tables, 'sqlite')).toBe('Mixed');
    expect(resolveTableName('nowhere', tables, 'sqlite')).toBeUndefined();
  });
});

describe.each(DIALECTS)('row removal watch on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let target: Target;
  let connection: StatementConnection;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    target = await connect(scratch.url);
    for (const statement of [
      'create table parent (id int primary key)',
      'create table child (id int primary key, parent_id int, foreign key (parent_id) references parent (id) on delete cascade)',
      'create table grandchild (id int primary key, child_id int, foreign key (child_id) references child (id))',
      'create table other (id int primary key)',
      'insert into parent values (1), (2)',
      'insert into child values (1, 1), (2, 1), (3, 2)',
      'insert into other values (1)',
      ...(dialect === 'postgres'
        ? ['create schema billing', 'create table billing.invoices (id int primary key)', 'insert into billing.invoices values (1), (2), (3)']
        : []),
    ])
      await sql.raw(statement).execute(target.db);
    connection = { query: async <R>(text: string) => (await sql.raw(text).execute(target.db)).rows as R[] };
  });
  afterAll(async () => {
    await target?.close();
    await scratch?.drop();
  });

  it('counts, once, the rows of the table a DELETE reaches and of the tables its ON DELETE CASCADE reaches', async () => {
    const watch = new RowRemovalWatch((await target.snapshotSchema()).tables, dialect, ['OTHER']);
    await watch.observe('DELETE FROM PARENT WHERE id = 1', connection);
    expect(Object.fromEntries(watch.before)).toEqual({ parent: 2, child: 3 });
    await sql.raw('insert into parent values (3)').execute(target.db);
    await watch.observe('delete from parent', connection);
    expect(watch.before.get('parent')).toBe(2);
    // An ignored table is never counted; an unknown one is skipped.
    await watch.observe('delete from other; delete from nowhere', connection);
    expect(watch.before.has('other')).toBe(false);
    await sql.raw('delete from parent where id = 3').execute(target.db);
  });

  it.runIf(dialect !== 'sqlite')('a statement whose effect cannot be read counts every table', async () => {
    const opaque = dialect === 'postgres' ? 'DO $$ BEGIN NULL; END $$' : 'CALL nothing()';
    const watch = new RowRemovalWatch((await target.snapshotSchema()).tables, dialect, []);
    await watch.observe(opaque, connection);
    expect([...watch.before.keys()].sort()).toEqual(Object.keys((await target.snapshotSchema()).tables).sort());
    expect(watch.before.get('grandchild')).toBe(0);
  });

  it.runIf(dialect === 'postgres')('TRUNCATE … CASCADE reaches every referencing table; schema-qualified names are quoted per part', async () => {
    const watch = new RowRemovalWatch((await target.snapshotSchema()).tables, dialect, []);
    await watch.observe('truncate table parent cascade', connection);
    expect([...watch.before.keys()].sort()).toEqual(['child', 'grandchild', 'parent']);
    await watch.observe('delete from billing.invoices where id > 1', connection);
    expect(watch.before.get('billing.invoices')).toBe(3);
  });
});
