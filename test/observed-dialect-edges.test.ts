import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';

describe.each(DIALECTS)('observed connections on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    target = await connect(scratch.url);
    await sql.raw('create table obs (id int primary key, v int)').execute(target.db);
  });
  afterAll(async () => {
    target?.observeStatements(undefined);
    await target?.close();
    await scratch?.drop();
  });

  it('the observer sees each statement before and after, with rows changed, and can query the same connection', async () => {
    const seen: string[] = [];
    target.observeStatements({
      before: async (text, connection) => {
        if (text.startsWith('insert')) seen.push(`before ${String((await connection.query<{ n: number | string }>('select count(*) as n from obs'))[0]!.n)}`);
      },
      after: (text, result) => {
        if (text.startsWith('insert') || text.startsWith('update')) seen.push(`after ${String(result.numAffectedRows)}`);
      },
    });
    await sql.raw('insert into obs (id, v) values (1, 1), (2, 2)').execute(target.db);
    await sql.raw('update obs set v = v + 1 where id = 1').execute(target.db);
    await sql.raw('select * from obs').execute(target.db);
    target.observeStatements(undefined);
    expect(seen).toEqual(['before 0', 'after 2', 'after 1']);
  });

  it('savepoints inside a transaction roll back and release through the observed driver', async () => {
    const trx = await target.db.startTransaction().execute();
    const first = await trx.savepoint('first').execute();
    await sql.raw('insert into obs (id, v) values (3, 3)').execute(first);
    const back = await first.rollbackToSavepoint('first').execute();
    const second = await back.savepoint('second').execute();
    await sql.raw('insert into obs (id, v) values (4, 4)').execute(second);
    await (await second.releaseSavepoint('second').execute()).commit().execute();
    const { rows } = await sql<{ id: number }>`select id from obs order by id`.execute(target.db);
    expect(rows.map((r) => Number(r.id))).toEqual([1, 2, 4]);
  });

  it.runIf(dialect !== 'postgres')('streams a query', async () => {
    const ids: number[] = [];
    for await (const row of target.db.selectFrom('obs').select('id').orderBy('id').stream()) ids.push(Number(row.id));
    expect(ids).toEqual([1, 2, 4]);
  });

  it('abandonInFlight stops an open transaction: nothing of it is kept and its connection refuses further statements', async () => {
    expect(await target.abandonInFlight('nothing open')).toBe(0);
    let resume!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const work = target.db.transaction().execute(async (trx) => {
      await sql.raw('insert into obs (id, v) values (9, 9)').execute(trx);
      inside();
      await gate;
      await sql.raw('insert into obs (id, v) values (10, 10)').execute(trx);
    });
    await started;
    expect(await target.abandonInFlight('the step deadline passed')).toBe(1);
    resume();
    await expect(work).rejects.toThrow(/This connection was stopped: the step deadline passed/);
    // The pool goes on with fresh connections; the stopped transaction left nothing.
    const { rows } = await sql<{ id: number }>`select id from obs order by id`.execute(target.db);
    expect(rows.map((r) => Number(r.id))).toEqual([1, 2, 4]);
  });
});
