import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { checkNotNull, checkOrphans, checkRowCounts, checkRowLoss } from '../src/validate/data-checks.ts';
import { MigrationValidation } from '../src/validate/migration-validator.ts';
import { createScratchDatabase, type ScratchDatabase } from './helpers/databases.ts';

describe('data checks on a real SQLite database', () => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase('sqlite');
    target = await connect(scratch.url);
    for (const statement of [
      // Orphans are what the check looks for: let them in.
      'pragma foreign_keys = off',
      'create table parent (id integer primary key, a int, b int, unique (a, b))',
      'create table child (id integer primary key, parent_id int references parent(id), pa int, pb int, note text, foreign key (pa, pb) references parent(a, b))',
      'create table other (id integer primary key, parent_id int references parent(id))',
      'create table "Mixed" (id integer primary key, parent_id int references parent(id))',
      'insert into parent values (1, 1, 1), (2, 2, 2)',
      "insert into child values (1, 1, 1, 1, null), (2, 9, 2, 2, null), (3, null, 5, 5, 'x'), (4, 2, null, null, 'y')",
      'insert into other values (1, 7)',
      'insert into "Mixed" values (1, 8)',
    ])
      await sql.raw(statement).execute(target.db);
  });
  afterAll(async () => {
    await target?.close();
    await scratch?.drop();
  });

  it('row loss: a dropped table loses all its rows, allowed tables (case-insensitive or *) are skipped', async () => {
    const after = await target.snapshotSchema();
    const before = new Map([
      ['parent', 2],
      ['child', 10],
      ['gone', 3],
      ['OTHER', 5],
    ]);
    expect(await checkRowLoss(target.db, before, after, { allowRowLoss: ['other'] })).toEqual([
      'child lost 6 of its 10 rows',
      'gone lost 3 of its 3 rows (table dropped)',
    ]);
    expect(await checkRowLoss(target.db, before, after, { allowRowLoss: '*' })).toEqual([]);
    expect(await checkRowLoss(target.db, new Map([['parent', 1]]), after, {})).toEqual([]);
  });

  it('orphans: single and composite keys, scoped by child or by parent, allowed children skipped', async () => {
    const after = await target.snapshotSchema();
    const byChild = await checkOrphans(target.db, after, { children: new Set(['child']), parents: new Set() }, {});
    expect(byChild).toHaveLength(2);
    expect(byChild.join('\n')).toMatch(/1 row\(s\) of child point to no row of parent \(.*: parent_id -> id\)/);
    expect(byChild.join('\n')).toMatch(/1 row\(s\) of child point to no row of parent \(.*: pa, pb -> a, b\)/);
    // A child named in another case is found through its lower-case name.
    expect(await checkOrphans(target.db, after, { children: new Set(['mixed']), parents: new Set() }, {})).toEqual([
      expect.stringMatching(/^1 row\(s\) of Mixed point to no row of parent/),
    ]);
    const byParent = await checkOrphans(target.db, after, { children: new Set(), parents: new Set(['parent']) }, { allowOrphans: ['child', 'Mixed'] });
    expect(byParent).toEqual([expect.stringMatching(/^1 row\(s\) of other point to no row of parent/)]);
    expect(await checkOrphans(target.db, after, { children: new Set(), parents: new Set(['nothing']) }, {})).toEqual([]);
  });

  it('orphans: a foreign key to a table that is gone is not counted', async () => {
    const after = await target.snapshotSchema();
    const { parent: _, ...rest } = after.tables;
    expect(await checkOrphans(target.db, { ...after, tables: rest }, { children: new Set(['child']), parents: new Set() }, {})).toEqual([]);
  });

  it('not-null and row-count expectations', async () => {
    expect(await checkNotNull(target.db, { notNull: ['child.note', 'parent.a'] })).toEqual(['child.note has 2 NULL value(s)']);
    expect(await checkNotNull(target.db, {})).toEqual([]);
    await expect(checkRowCounts(target.db, { rowCounts: { child2: { min: 0 } } })).rejects.toThrow(/no such table: child2/);
    expect(await checkRowCounts(target.db, { rowCounts: { parent: { min: 1, max: 5 }, child: { min: 1, max: 2 } } })).toEqual([
      'child has 4 rows, expected 1..2',
    ]);
    expect(await checkRowCounts(target.db, { rowCounts: { parent: 2, child: 3, other: { min: 2 }, Mixed: { max: 0 } } })).toEqual([
      'child has 4 rows, expected 3',
      'other has 1 rows, expected 2..∞',
      'Mixed has 1 rows, expected 0..0',
    ]);
    expect(await checkRowCounts(target.db, {})).toEqual([]);
  });
});

describe('MigrationValidation options on SQLite', () => {
  it('row-loss and foreign-key checks run only when asked; not-null and row counts always', async () => {
    const scratch = await createScratchDatabase('sqlite');
    const target = await connect(scratch.url);
    try {
      await sql.raw('pragma foreign_keys = off').execute(target.db);
      await sql.raw('create table p (id integer primary key)').execute(target.db);
      await sql.raw('create table c (id integer primary key, p_id int references p(id), note text)').execute(target.db);
      await sql.raw('insert into p values (1), (2)').execute(target.db);
      await sql.raw('insert into c values (1, 1, null)').execute(target.db);
      const run = async (options: { rowLoss: boolean; foreignKeys: boolean }) => {
        const validation = new MigrationValidation(target, await target.snapshotSchema(), { ...options, ownTables: [] });
        target.observeStatements(validation.observer);
        try {
          await sql.raw('delete from p where id = 1').execute(target.db);
        } finally {
          target.observeStatements(undefined);
        }
        const report = await validation.finish(target.db, { notNull: ['c.note'], rowCounts: { p: 5 } });
        await sql.raw('insert into p values (1)').execute(target.db);
        return report.problems;
      };
      expect(await run({ rowLoss: false, foreignKeys: false })).toEqual(['c.note has 1 NULL value(s)', 'p has 1 rows, expected 5']);
      const all = await run({ rowLoss: true, foreignKeys: true });
      expect(all[0]).toBe('p lost 1 of its 2 rows');
      expect(all[1]).toMatch(/^1 row\(s\) of c point to no row of p/);
      expect(all.slice(2)).toEqual(['c.note has 1 NULL value(s)', 'p has 1 rows, expected 5']);
    } finally {
      await target.close();
      await scratch.drop();
    }
  });
});
