import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';

describe.each(DIALECTS)('keyed row updates on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    target = await connect(scratch.url);
    await sql.raw('create table cells (a int not null, b int not null, v varchar(10), w int, primary key (a, b))').execute(target.db);
    await sql.raw("insert into cells values (1, 1, 'x', 0), (1, 2, 'y', 0), (2, 1, 'z', 0)").execute(target.db);
  });
  afterAll(async () => {
    await target?.close();
    await scratch?.drop();
  });
  const rows = async () =>
    (await sql<{ a: number; b: number; v: string; w: number }>`select a, b, v, w from cells order by a, b`.execute(target.db)).rows.map(
      (r) => `${r.a}.${r.b}=${r.v}/${Number(r.w)}`,
    );

  it('updates rows by a composite key, in a transaction (in bulk where the dialect can) and outside one', async () => {
    await target.db.transaction().execute(async (trx) => {
      await target.updateRowsByKey(trx, { table: 'cells', key: ['a', 'b'], columns: ['v', 'w'], rows: [] });
      await target.updateRowsByKey(trx, {
        table: 'cells',
        key: ['a', 'b'],
        columns: ['v', 'w'],
        rows: [
          [1, 2, 'Y', 2],
          [2, 1, 'Z', 3],
        ],
      });
    });
    expect(await rows()).toEqual(['1.1=x/0', '1.2=Y/2', '2.1=Z/3']);
    await target.updateRowsByKey(target.db, { table: 'cells', key: ['a', 'b'], columns: ['v'], rows: [[1, 1, 'X']] });
    expect(await rows()).toEqual(['1.1=X/0', '1.2=Y/2', '2.1=Z/3']);
    // Twice in one transaction: the work table is reused.
    await target.db.transaction().execute(async (trx) => {
      for (const v of ['p', 'q']) await target.updateRowsByKey(trx, { table: 'cells', key: ['a', 'b'], columns: ['v'], rows: [[2, 1, v]] });
    });
    expect(await rows()).toEqual(['1.1=X/0', '1.2=Y/2', '2.1=q/3']);
  });
});
