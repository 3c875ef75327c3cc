import diagnostics from 'node:diagnostics_channel';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connect } from '../src/database/connect.ts';
import { postgresLiteral } from '../src/database/dialects/postgres/statement-batch.ts';
import { heldUntilNext, ownStatement } from '../src/database/held-statements.ts';
import type { Target } from '../src/database/target.ts';
import { Migrator, type RunExtension } from '../src/index.ts';
import { createScratchDatabase, DIALECTS, testsOn, withMysql, withPg, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

describe.runIf(testsOn('postgres'))('statements held for the next round trip on PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let target: Target;
  /** Texts sent to the server, one per round trip (not the pool's own `pg_backend_pid()` on a new session). */
  let sent: string[] = [];
  beforeAll(async () => {
    scratch = await createScratchDatabase('postgres');
    // Seen as pg sends them: the spy is in place before the pool's clients exist.
    const original = (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query;
    vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as string | { text?: string };
      const text = typeof config === 'string' ? config : (config.text ?? '');
      if (!text.includes('pg_backend_pid')) sent.push(text);
      return original.apply(this, args);
    });
    target = await connect(scratch.url);
    await sql.raw('create table held (id int primary key, note text)').execute(target.db);
  });
  beforeEach(async () => {
    await sql.raw('delete from held').execute(target.db);
    sent = [];
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await target?.close();
    await scratch?.drop();
  });
  const ids = async () => (await sql<{ id: number }>`select id from held order by id`.execute(target.db)).rows.map((r) => r.id);
  const insert = (id: number, note: string | Date = 'n') => target.db.insertInto('held').values({ id, note }).compile();

  it('sends BEGIN, SET LOCAL and the first own statement in one round trip, and held writes with the COMMIT', async () => {
    const found = await target.db.transaction().execute(async (trx) => {
      await target.setLockTimeout(trx, 1234);
      const { rows } = await trx.executeQuery<{ v: string }>(ownStatement(CompiledQuery.raw('select $1::text as v', ["o'brien \\ x"])));
      await trx.executeQuery(heldUntilNext(insert(1, "it's \\ fine")));
      await trx.executeQuery(heldUntilNext(insert(2)));
      return rows[0]!.v;
    });
    expect(found).toBe("o'brien \\ x");
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^begin;\nset local lock_timeout = '1234ms';\nselect E'o''brien \\\\ x'::text as v$/);
    expect(sent[1]).toMatch(/^insert into "held" .*;\ninsert into "held" .*;\ncommit$/s);
    expect(await ids()).toEqual([1, 2]);
    const { rows } = await sql<{ note: string }>`select note from held where id = 1`.execute(target.db);
    expect(rows[0]!.note).toBe("it's \\ fine");
  });

  it('a held write that fails fails the commit, and nothing of the transaction is kept', async () => {
    await target.db.insertInto('held').values({ id: 7, note: 'before' }).execute();
    sent = [];
    const work = target.db.transaction().execute(async (trx) => {
      await sql.raw('insert into held (id, note) values (8, 1)').execute(trx);
      await trx.executeQuery(heldUntilNext(insert(7)));
    });
    await expect(work).rejects.toThrow(/duplicate key/);
    expect(sent).toEqual(['begin;\ninsert into held (id, note) values (8, 1)', expect.stringMatching(/^insert into "held" .*;\ncommit$/s), 'rollback']);
    expect(await ids()).toEqual([7]);
  });

  it('a transaction that sent nothing sends no BEGIN, COMMIT or ROLLBACK; a rolled-back one keeps no held write', async () => {
    await target.db.transaction().execute(async () => undefined);
    await expect(
      target.db.transaction().execute(async () => {
        throw new Error('nothing ran');
      }),
    ).rejects.toThrow('nothing ran');
    expect(sent).toEqual([]);
    await expect(
      target.db.transaction().execute(async (trx) => {
        await trx.executeQuery(heldUntilNext(insert(3)));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(sent).toEqual([]);
    expect(await ids()).toEqual([]);
  });

  it('sends held statements on their own before a statement they cannot share a round trip with', async () => {
    await target.db.transaction().execute(async (trx) => {
      await trx.executeQuery(heldUntilNext(insert(4)));
      // not one of the runner's own statements: its parameters stay parameters
      await trx.executeQuery(insert(5));
      await trx.executeQuery(heldUntilNext(insert(6)));
      // one of them, but a Date cannot be written as a literal here
      await trx.executeQuery(ownStatement(insert(9, new Date('2026-01-01T00:00:00Z'))));
    });
    expect(sent).toHaveLength(5);
    expect(sent[0]).toMatch(/^begin;\ninsert into "held" .*values \('4', 'n'\)$/);
    expect(sent[1]).toMatch(/values \(\$1, \$2\)$/);
    expect(sent[2]).toMatch(/values \('6', 'n'\)$/);
    expect(sent[3]).toMatch(/values \(\$1, \$2\)$/);
    expect(sent[4]).toBe('commit');
    expect(await ids()).toEqual([4, 5, 6, 9]);
  });

  it('a savepoint, its rollback and its release send what is held first; an observed statement is never held', async () => {
    const trx = await target.db.startTransaction().execute();
    await trx.executeQuery(heldUntilNext(insert(10)));
    const s1 = await trx.savepoint('s1').execute();
    await s1.executeQuery(heldUntilNext(insert(12)));
    const back = await s1.rollbackToSavepoint('s1').execute();
    await back.executeQuery(heldUntilNext(insert(13)));
    const s2 = await back.savepoint('s2').execute();
    await s2.executeQuery(heldUntilNext(insert(14)));
    const released = await s2.releaseSavepoint('s2').execute();
    target.observeStatements({});
    try {
      await released.executeQuery(heldUntilNext(insert(11)));
    } finally {
      target.observeStatements(undefined);
    }
    await released.commit().execute();
    expect(sent).toEqual([
      expect.stringMatching(/^begin;\ninsert into "held" .*'10'.*$/),
      expect.stringMatching(/^savepoint "?s1"?$/),
      expect.stringMatching(/'12'/),
      expect.stringMatching(/^rollback to "?s1"?$/),
      expect.stringMatching(/'13'/),
      expect.stringMatching(/^savepoint "?s2"?$/),
      expect.stringMatching(/'14'/),
      expect.stringMatching(/^release "?s2"?$/),
      expect.stringMatching(/values \(\$1, \$2\)$/),
      'commit',
    ]);
    expect(await ids()).toEqual([10, 11, 13, 14]);
  });

  it('writes literals that read back the same whatever standard_conforming_strings says', async () => {
    const values = ["o'brien", 'back\\slash', "\\'", 'é 日本 \n\t', '', '$1', 42, -1.5, 12345678901234567890n, true, false];
    for (const setting of ['on', 'off']) {
      const read = await target.db.connection().execute(async (conn) => {
        await sql.raw(`set standard_conforming_strings = ${setting}`).execute(conn);
        const { rows } = await sql
          .raw<Record<string, string>>(`select ${values.map((v, i) => `${postgresLiteral(v)}::text as v${i}`).join(', ')}, ${postgresLiteral(null)} as n`)
          .execute(conn);
        await sql.raw('set standard_conforming_strings = on').execute(conn);
        return rows[0]!;
      });
      expect(values.map((_, i) => read[`v${i}`])).toEqual(values.map(String));
      expect(read.n).toBeNull();
    }
    expect(postgresLiteral(undefined)).toBe('NULL');
    expect(postgresLiteral({ a: 1 })).toBeUndefined();
    expect(postgresLiteral(Number.NaN)).toBeUndefined();
  });

  it('the prepared schema snapshot still answers after a DEALLOCATE ALL or DISCARD ALL on its session', async () => {
    const tables = await target.db.connection().execute(async (conn) => {
      const seen: string[][] = [];
      for (const reset of ['deallocate all', 'discard all', '/* reset */ deallocate all', "do $$ begin execute 'deallocate all'; end $$", 'select 1']) {
        seen.push(Object.keys((await target.snapshotSchema(conn, [], ['held'])).tables));
        await sql.raw(reset).execute(conn);
      }
      seen.push(Object.keys((await target.snapshotSchema(conn, [], ['held', 'missing'])).tables));
      return seen;
    });
    expect(tables).toEqual([['held'], ['held'], ['held'], ['held'], ['held'], ['held']]);
  });
});

describe.each(DIALECTS.filter((d) => d !== 'sqlite'))('a lock lost between two steps on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({
      '20260101000000_one.sql': '-- migrate:up\ncreate table one (id integer primary key);\n',
      '20260102000000_two.sql': '-- migrate:up\ncreate table two (id integer primary key);\ninsert into one (id) values (1);\n',
    });
  });
  afterEach(async () => {
    await migrator?.close();
    project.cleanup();
    await db.drop();
  });

  it('fails the next step with LOCK_LOST; nothing of the step is kept or recorded', async () => {
    // Ends the lock's session just before the second step: its lock check, sent alongside the step, fails.
    const killer: RunExtension = {
      name: 'lock killer',
      async beforeStep(step) {
        if (step.index !== 2) return;
        const id = Number(/(\d+)/.exec(step.run.lock.holder)![1]);
        if (dialect === 'postgres') await withPg((c) => c.query('select pg_terminate_backend($1)', [id]));
        else await withMysql((c) => c.query(`kill ${id}`));
      },
    };
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url }, extensions: [killer] });
    await expect(migrator.up()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version')).toEqual([{ version: '20260101000000' }]);
    expect(await query(db.url, 'select id from one')).toEqual([]);
    expect(await tableExists(db.url, 'two')).toBe(false);
  });
});

describe.runIf(testsOn('mysql'))("the runner's own transactions on MariaDB's bookkeeping connection", () => {
  let scratch: ScratchDatabase;
  let target: Target;
  let sent: string[] = [];
  const ignore = () => undefined;
  const subscribers = {
    start: (message: { query?: string }) => void sent.push(message.query ?? ''),
    end: ignore,
    asyncStart: ignore,
    asyncEnd: ignore,
    error: ignore,
  };
  beforeAll(async () => {
    scratch = await createScratchDatabase('mysql');
    target = await connect(scratch.url);
    await sql.raw('create table held (id int primary key, note text)').execute(target.db);
    diagnostics.tracingChannel<unknown, { query?: string }>('mysql2:query').subscribe(subscribers);
  });
  beforeEach(async () => {
    await sql.raw('delete from held').execute(target.db);
    sent = [];
  });
  afterAll(async () => {
    diagnostics.tracingChannel<unknown, { query?: string }>('mysql2:query').unsubscribe(subscribers);
    await target?.close();
    await scratch?.drop();
  });
  const ids = async () => (await sql<{ id: number }>`select id from held order by id`.execute(target.db)).rows.map((r) => r.id);
  const insert = (id: number, note: string | Date = "it's \\ n") => target.db.insertInto('held').values({ id, note }).compile();

  it('sends BEGIN, the held writes and COMMIT in one round trip; a value mysql2 would format by the session time zone goes alone', async () => {
    await target.ownTransaction(async (trx) => {
      await trx.executeQuery(heldUntilNext(insert(1)));
      await trx.executeQuery(heldUntilNext(insert(2, new Date('2026-01-01T00:00:00Z'))));
      await trx.executeQuery(heldUntilNext(insert(3)));
    });
    expect(sent).toEqual([
      expect.stringMatching(/^begin;\ninsert into `held` .*values \(1, 'it\\'s \\\\ n'\)$/),
      expect.stringMatching(/values \(2, /),
      expect.stringMatching(/^insert into `held` .*values \(3, .*\);\ncommit$/),
    ]);
    expect(await ids()).toEqual([1, 2, 3]);
    const { rows } = await sql<{ note: string }>`select note from held where id = 3`.execute(target.db);
    expect(rows[0]!.note).toBe("it's \\ n");
  });

  it('a held write that fails rolls back the ones before it in the same round trip', async () => {
    await target.db.insertInto('held').values({ id: 7, note: 'before' }).execute();
    const work = target.ownTransaction(async (trx) => {
      await trx.executeQuery(heldUntilNext(insert(8)));
      await trx.executeQuery(heldUntilNext(insert(7)));
    });
    await expect(work).rejects.toThrow(/Duplicate entry/);
    expect(await ids()).toEqual([7]);
    await target.ownTransaction(async (trx) => {
      await trx.executeQuery(heldUntilNext(insert(9)));
    });
    expect(await ids()).toEqual([7, 9]);
  });
});
