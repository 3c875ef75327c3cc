import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { SchemaTracker } from '../src/validate/schema-tracker.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';

describe.each(DIALECTS)('schema tracker on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeEach(async () => {
    scratch = await createScratchDatabase(dialect);
    target = await connect(scratch.url);
    for (const statement of [
      'create table items (id int primary key, name varchar(20))',
      'create index items_name on items (name)',
      'create table dihya_own (id int)',
    ])
      await sql.raw(statement).execute(target.db);
  });
  afterEach(async () => {
    await target.close();
    await scratch.drop();
  });

  /** Runs the statements, telling the tracker; returns its changes and whether its snapshot is the real one. */
  const track = async (statements: string[]) => {
    const before = await target.snapshotSchema(undefined, ['dihya_own']);
    const tracker = new SchemaTracker(target, before, ['dihya_own']);
    for (const statement of statements) {
      tracker.observe(statement);
      await sql.raw(statement).execute(target.db);
    }
    const { after, changes } = await tracker.snapshotAfter(target.db);
    expect(after).toEqual(await target.snapshotSchema(undefined, ['dihya_own']));
    return { tracker, summaries: changes.map((c) => c.summary) };
  };

  it('DML only: no schema read, the written and changed tables noted', async () => {
    const { tracker, summaries } = await track(["insert into items values (1, 'a')", "update items set name = 'b'"]);
    expect(summaries).toEqual([]);
    expect([...tracker.written]).toEqual(['items']);
    expect([...tracker.rowsChanged]).toEqual(['items']);
  });

  it('a table altered in another case, an index dropped through its owner, an excluded table left out', async () => {
    const dropIndex = dialect === 'mysql' ? 'drop index items_name on items' : 'drop index items_name';
    const { summaries } = await track([
      `alter table ${dialect === 'mysql' ? 'items' : 'ITEMS'} add column price int`,
      dropIndex,
      'alter table dihya_own add column x int',
    ]);
    expect(summaries).toEqual(expect.arrayContaining(['-index items_name']));
    expect(summaries.some((s) => s.startsWith('+column items.price'))).toBe(true);
    expect(summaries.join('\n')).not.toContain('dihya_own');
  });

  it('a new table, a view, an index on a table it does not know and a statement it cannot read compare the schema as needed', async () => {
    expect((await track(['create table fresh (id int)'])).summaries).toEqual(['+table fresh']);
    expect((await track(['create view items_view as select id from items'])).summaries).toEqual(['+view items_view']);
    const unknownIndex = dialect === 'mysql' ? 'drop index nowhere_idx on fresh' : 'drop index if exists nowhere_idx';
    if (dialect !== 'mysql') expect((await track([unknownIndex])).summaries).toEqual([]);
    // What a statement changes cannot always be read: a DO block, a PRAGMA, a prepared statement.
    const [opaque, expected] = {
      sqlite: ['pragma user_version = 3', []],
      postgres: ["do $$ begin execute 'create table by_do (id int)'; end $$", ['+table by_do']],
      mysql: ["execute immediate 'create table by_exec (id int)'", ['+table by_exec']],
    }[dialect] as [string, string[]];
    expect((await track([opaque])).summaries).toEqual(expected);
  });
});
