import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isoTime } from '../../src/adopt/foreign-history.ts';
import { flywayHistory } from '../../src/adopt/tools/flyway-history.ts';
import { knexHistory } from '../../src/adopt/tools/knex-history.ts';
import { prismaHistory } from '../../src/adopt/tools/prisma-history.ts';
import { connect } from '../../src/database/connect.ts';
import type { Target } from '../../src/database/target.ts';

/** The other tools' history readers on a real SQLite database holding the rows those tools write. */
describe('foreign history readers (SQLite)', () => {
  let dir: string;
  let target: Target;
  const exec = (text: string) => sql.raw(text).execute(target.db);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-cov-adopt-'));
    target = await connect(`sqlite:${path.join(dir, 'app.db')}`);
  });
  afterEach(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Flyway: skips DELETE/SCHEMA rows, counts a BASELINE, takes back an undone version, keeps the last attempt, reads every spelling of success', async () => {
    await exec(
      'create table flyway_schema_history (installed_rank int primary key, version text, script text not null, type text not null, checksum int, installed_on text, execution_time int, success)',
    );
    const rows: [number, string | null, string, string, number | null, string | null, number | string, unknown][] = [
      [1, null, '<< Flyway Schema Creation >>', 'SCHEMA', null, '2024-01-01 10:00:00', 0, 1],
      [2, '1', '<< Flyway Baseline >>', 'BASELINE', null, '2024-01-01 10:00:01', 0, 1],
      [3, null, '<< no version baseline >>', 'BASELINE', null, null, 0, 1],
      [4, '2', 'V2__a.sql', 'SQL', 123, '2024-01-02 10:00:00+02:00', 'x', 0],
      [5, '2', 'V2__a.sql', 'SQL', 124, '2024-01-02 11:00:00', 15, 't'],
      [6, '3', 'V3__b.sql', 'SQL', null, 'not a date', 4, '1'],
      [7, '3', 'U3__b.sql', 'UNDO_SQL', null, '2024-01-04 10:00:00', 1, 'f'],
      [8, '4', 'V4__c.sql', 'SQL', 9, '2024-01-05T10:00:00Z', 2, 1],
      [9, '4', 'U4__c.sql', 'UNDO_SQL', null, '2024-01-06 10:00:00', 1, 1],
      [10, '9', 'U9__never.sql', 'UNDO_SQL', null, '2024-01-06 10:00:00', 1, 1],
      [11, null, 'R__views.sql', 'SQL', 5, '2024-01-07 10:00:00', 3, 0],
      [12, '5', 'V5__d.sql', 'DELETE', 1, '2024-01-08 10:00:00', 0, 1],
    ];
    for (const [rank, version, script, type, checksum, on, time, success] of rows)
      await sql`insert into flyway_schema_history values (${rank}, ${version}, ${script}, ${type}, ${checksum}, ${on}, ${time}, ${success})`.execute(target.db);
    const entries = await flywayHistory.read(target.db, 'flyway_schema_history');
    expect(entries).toEqual([
      { version: '1', status: 'applied', upTo: true, baseline: true, appliedAt: '2024-01-01T10:00:01.000Z', durationMs: 0 },
      { version: '2', status: 'applied', appliedAt: '2024-01-02T11:00:00.000Z', durationMs: 15, checksum: { kind: 'flyway-crc32', value: '124' } },
      { version: '3', status: 'applied', durationMs: 4 },
      { name: 'R__views', status: 'failed', appliedAt: '2024-01-07T10:00:00.000Z', durationMs: 3, checksum: { kind: 'flyway-crc32', value: '5' } },
    ]);
  });

  it('Prisma: skips rolled-back attempts, a migration never finished is failed; knex drops the script extension', async () => {
    await exec('create table _prisma_migrations (migration_name text, checksum text, started_at text, finished_at text, rolled_back_at text)');
    await exec(`insert into _prisma_migrations values
      ('20240101_init', 'aa', '2024-01-01 10:00:00', '2024-01-01 10:00:05', null),
      ('20240102_add', 'bb', '2024-01-02 10:00:00', null, '2024-01-02 10:01:00'),
      ('20240102_add', 'bc', '2024-01-02 11:00:00', null, null),
      ('20240103_odd', 'cc', '2024-01-03 11:00:00', 'garbage', null)`);
    expect(await prismaHistory.read(target.db, '_prisma_migrations')).toEqual([
      { name: '20240101_init', status: 'applied', appliedAt: '2024-01-01T10:00:05.000Z', checksum: { kind: 'sha256', value: 'aa' } },
      { name: '20240102_add', status: 'failed', appliedAt: '2024-01-02T11:00:00.000Z', checksum: { kind: 'sha256', value: 'bc' } },
      { name: '20240103_odd', status: 'applied', checksum: { kind: 'sha256', value: 'cc' } },
    ]);

    await exec('create table knex_migrations (id integer primary key, name text, migration_time)');
    await exec(
      "insert into knex_migrations (name, migration_time) values ('001_a.js', 1704103200000), ('002_b.mts', null), ('003_c.cjs', '2024-01-03 10:00:00')",
    );
    expect(await knexHistory.read(target.db, 'knex_migrations')).toEqual([
      { name: '001_a', status: 'applied', appliedAt: '2024-01-01T10:00:00.000Z' },
      { name: '002_b', status: 'applied' },
      { name: '003_c', status: 'applied', appliedAt: '2024-01-03T10:00:00.000Z' },
    ]);
  });

  it('isoTime reads Dates, numbers, text with and without a zone, and nothing else', () => {
    expect(isoTime(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(86_400_000)).toBe('1970-01-02T00:00:00.000Z');
    expect(isoTime('2024-05-06 07:08:09')).toBe('2024-05-06T07:08:09.000Z');
    expect(isoTime('2024-05-06 07:08:09-01:00')).toBe('2024-05-06T08:08:09.000Z');
    expect(isoTime('2024-05-06T07:08:09Z')).toBe('2024-05-06T07:08:09.000Z');
    expect(isoTime('yesterday')).toBeUndefined();
    expect(isoTime(new Date(Number.NaN))).toBeUndefined();
    expect(isoTime(null)).toBeUndefined();
    expect(isoTime({})).toBeUndefined();
  });
});
