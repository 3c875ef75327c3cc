import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillSql } from '../src/database/backfill-sql.ts';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';

type Key = [number, number, number];
const KEYS: Key[] = [];
for (let a = 1; a <= 3; a++) for (let b = 1; b <= 3; b++) for (let c = 1; c <= 2; c++) KEYS.push([a, b, c]);
const compare = (x: number[], y: number[]) => {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
};

describe.each(DIALECTS)('backfill keyset comparisons on %s', (dialect) => {
  let scratch: ScratchDatabase;
  let target: Target;
  beforeAll(async () => {
    scratch = await createScratchDatabase(dialect);
    target = await connect(scratch.url);
    await sql.raw('create table k (a int not null, b int not null, c int not null, primary key (a, b, c))').execute(target.db);
    await sql.raw(`insert into k (a, b, c) values ${KEYS.map((k) => `(${k.join(', ')})`).join(', ')}`).execute(target.db);
  });
  afterAll(async () => {
    await target?.close();
    await scratch?.drop();
  });

  const select = async (where: ReturnType<ReturnType<typeof backfillSql>['keyAfter']>) =>
    (await sql<{ a: number; b: number; c: number }>`select a, b, c from k where ${where} order by a, b, c`.execute(target.db)).rows.map((r) => [
      Number(r.a),
      Number(r.b),
      Number(r.c),
    ]);

  it('keyAfter and keyAtMost split the keys exactly, for one-column and composite keys', async () => {
    const dialectSql = backfillSql(dialect);
    for (const pivot of [
      [2, 2, 1],
      [1, 1, 1],
      [3, 3, 2],
      [2, 3, 2],
    ] as Key[]) {
      expect(await select(dialectSql.keyAfter(['a', 'b', 'c'], pivot))).toEqual(KEYS.filter((k) => compare(k, pivot) > 0));
      expect(await select(dialectSql.keyAtMost(['a', 'b', 'c'], pivot))).toEqual(KEYS.filter((k) => compare(k, pivot) <= 0));
    }
    expect(await select(dialectSql.keyAfter(['a', 'b'], [2, 2]))).toEqual(KEYS.filter((k) => compare(k.slice(0, 2), [2, 2]) > 0));
    expect(await select(dialectSql.keyAtMost(['a'], [1]))).toEqual(KEYS.filter((k) => k[0] <= 1));
    expect(await select(dialectSql.keyAfter(['a'], [2]))).toEqual(KEYS.filter((k) => k[0] > 2));
  });

  it('reads the server load it paces on', async () => {
    const load = await backfillSql(dialect).serverLoad(target.db);
    if (dialect === 'postgres') expect(load.replicaLagMs).toBe(0);
    if (dialect === 'mysql') expect(load.threadsRunning).toBeGreaterThanOrEqual(1);
    if (dialect === 'sqlite') expect(load).toEqual({});
  });
});
