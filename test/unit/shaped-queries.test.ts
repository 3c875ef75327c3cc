import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.ts';
import { rowColumns, ShapedQueries } from '../../src/database/shaped-queries.ts';
import type { Target } from '../../src/database/target.ts';

describe('queries compiled once per shape', () => {
  let dir: string;
  let target: Target;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-shaped-'));
    target = await connect(`sqlite:${path.join(dir, 'db.sqlite')}`);
    await sql`create table items (id integer primary key, label text, note text)`.execute(target.db);
  });
  afterEach(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds a shape once when its parameters are the values given, and sends each run its own values', async () => {
    const queries = new ShapedQueries();
    let builds = 0;
    for (const id of [1, 2, 3]) {
      const { shape, values } = rowColumns({ id, label: `item ${id}`, note: null, absent: undefined });
      expect(shape).toBe('id,label,note');
      await queries.execute(target.db, shape, values, () => {
        builds++;
        return target.db
          .insertInto('items')
          .values({ id, label: `item ${id}`, note: null })
          .compile();
      });
    }
    expect(builds).toBe(1);
    const { rows } = await queries.execute(target.db, 'find', [2], () => target.db.selectFrom('items').selectAll().where('id', '=', 2).compile());
    expect(rows).toEqual([{ id: 2, label: 'item 2', note: null }]);
    expect((await target.db.selectFrom('items').select('label').orderBy('id').execute()).map((r) => r.label)).toEqual(['item 1', 'item 2', 'item 3']);
  });

  it('compiles every time a shape whose compiled parameters are not the values given (an expression with its own)', async () => {
    const queries = new ShapedQueries();
    let builds = 0;
    for (const id of [1, 2]) {
      await queries.execute(target.db, 'with expression', [id], () => {
        builds++;
        return target.db
          .insertInto('items')
          .values({ id, label: sql<string>`upper(${'x'})` })
          .compile();
      });
    }
    expect(builds).toBe(2);
    expect((await target.db.selectFrom('items').select('label').execute()).map((r) => r.label)).toEqual(['X', 'X']);
  });
});
