import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cannotRunInTransaction, newEnumValueUses, transactionControl } from '../src/sql/statement-kinds.ts';
import { splitSqlStatements } from '../src/sql/split-sql.ts';
import { createScratchDatabase, testsOn, withMysql, withPg, type ScratchDatabase } from './helpers/databases.ts';

/** What the server says when `sql` runs inside a transaction block (undefined: it ran). */
type Attempt = (sql: string) => Promise<string | undefined>;

describe.runIf(testsOn('postgres'))('statements refused inside a transaction: the rules match PostgreSQL', () => {
  let db: ScratchDatabase;
  let name: string;
  const inTransaction: Attempt = (sql) =>
    withPg(async (c) => {
      await c.query('begin');
      try {
        await c.query(sql);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      } finally {
        await c.query('rollback');
      }
    }, db.url);

  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    name = new URL(db.url).pathname.slice(1);
    await withPg(
      (c) =>
        c.query(`create table t (a int); create index ti on t (a);
          create table p (a int) partition by range (a); create table pc partition of p for values from (0) to (10);
          create type mood as enum ('a')`),
      db.url,
    );
  });
  afterAll(() => db.drop());

  it('every statement flagged is refused there, and every look-alike not flagged runs there', async () => {
    // ALTER SYSTEM and subscriptions are not tried: they touch the server, not the scratch database.
    const flagged = [
      'create index concurrently i2 on t (a)',
      'create unique index concurrently i3 on t (a)',
      'drop index concurrently ti',
      'reindex index concurrently ti',
      'reindex (concurrently) table t',
      `reindex database ${name}`,
      'vacuum t',
      'vacuum',
      'cluster',
      'create database dihya_never_created',
      'drop database if exists dihya_never_created',
      `alter database ${name} set tablespace pg_default`,
      "create tablespace dihya_never location '/nonexistent'",
      'alter table p detach partition pc concurrently',
      'discard all',
    ];
    for (const sql of flagged) {
      expect(cannotRunInTransaction(sql, 'postgres'), sql).toBeDefined();
      expect(await inTransaction(sql), sql).toMatch(/cannot run inside a transaction block/);
    }
    const allowed = [
      'create index i4 on t (a)',
      'reindex table t',
      'cluster t using ti',
      'analyze t',
      'discard plans',
      `alter database ${name} set work_mem = '8MB'`,
    ];
    for (const sql of allowed) {
      expect(cannotRunInTransaction(sql, 'postgres'), sql).toBeUndefined();
      expect(await inTransaction(sql), sql).toBeUndefined();
    }
    expect(transactionControl('set transaction isolation level serializable', 'postgres')).toBe('SET TRANSACTION');
    expect(await inTransaction('select 1; set transaction isolation level serializable')).toMatch(/must be called before any query/);
  });

  it('a new enum value used in the same transaction is found, as the server refuses it', async () => {
    const text = "alter type mood add value 'b';\nupdate t set a = 1 where 'b'::mood is not null;";
    const statements = splitSqlStatements(text, 'postgres');
    expect(newEnumValueUses(statements, 'postgres')).toEqual([{ type: 'mood', value: 'b', addedAt: 1, usedAt: 2 }]);
    expect(await inTransaction(text)).toMatch(/unsafe use of new value "b"/);
    expect(await inTransaction("alter type mood add value 'c'")).toBeUndefined();
  });
});

describe.runIf(testsOn('mysql'))('transaction rules match MariaDB', () => {
  it('SET TRANSACTION is refused while a transaction is open; SET SESSION TRANSACTION is not', async () => {
    const attempt = (sql: string) =>
      withMysql(async (c) => {
        await c.query('begin');
        try {
          await c.query('select 1');
          await c.query(sql);
          return undefined;
        } catch (error) {
          return (error as Error).message;
        } finally {
          await c.query('rollback');
        }
      });
    expect(transactionControl('set transaction isolation level serializable', 'mysql')).toBe('SET TRANSACTION');
    expect(await attempt('set transaction isolation level serializable')).toMatch(/can't be changed while a transaction is in progress/);
    expect(transactionControl('set session transaction isolation level serializable', 'mysql')).toBeUndefined();
    expect(await attempt('set session transaction isolation level serializable')).toBeUndefined();
  });
});

describe('transaction rules match SQLite', () => {
  it('VACUUM and journal_mode = WAL are refused in a transaction; foreign_keys is ignored there', () => {
    const db = new DatabaseSync(':memory:');
    const attempt = (sql: string) => {
      db.exec('begin');
      try {
        db.exec(sql);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      } finally {
        db.exec('rollback');
      }
    };
    for (const sql of ['vacuum', "vacuum into ':memory:'"]) {
      expect(cannotRunInTransaction(sql, 'sqlite')).toBe('VACUUM');
      expect(attempt(sql)).toMatch(/cannot VACUUM from within a transaction/);
    }
    db.exec('pragma foreign_keys = on');
    expect(cannotRunInTransaction('pragma foreign_keys = off', 'sqlite')).toMatch(/no effect/);
    db.exec('begin');
    db.exec('pragma foreign_keys = off');
    expect(db.prepare('pragma foreign_keys').get()).toMatchObject({ foreign_keys: 1 });
    db.exec('rollback');
    db.close();
  });
});
