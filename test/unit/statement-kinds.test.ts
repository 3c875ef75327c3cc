import { describe, expect, it } from 'vitest';
import { cannotRunInTransaction, isOpaque, newEnumValueUses, transactionControl } from '../../src/sql/statement-kinds.ts';

describe('statement kinds', () => {
  it('finds transaction control, but not savepoints, routine bodies or look-alikes', () => {
    for (const sql of [
      'COMMIT',
      'commit;',
      '-- done\nCOMMIT WORK',
      '/* a /* nested */ comment */ commit',
      'BEGIN',
      'begin isolation level serializable',
      'start transaction read write',
      'END',
      'abort',
      'rollback',
      'rollback and no chain',
      "prepare transaction 'x'",
      "commit prepared 'x'",
      'set transaction isolation level serializable',
    ]) {
      expect(transactionControl(sql, 'postgres'), sql).toBeDefined();
    }
    for (const sql of [
      'rollback to savepoint a',
      'ROLLBACK TO a',
      'rollback work to a',
      'savepoint a',
      'release savepoint a',
      'update t set a = 1',
      'begin_date = 1',
    ]) {
      expect(transactionControl(sql, 'postgres'), sql).toBeUndefined();
    }
    expect(transactionControl('COMMIT', 'postgres')).toBe('COMMIT');
    expect(transactionControl('set autocommit = 1', 'mysql')).toBe('SET autocommit');
    expect(transactionControl('SET @@session.autocommit=0', 'mysql')).toBe('SET autocommit');
    expect(transactionControl('set names utf8mb4, autocommit := 0', 'mysql')).toBe('SET autocommit');
    expect(transactionControl("set @autocommit = 1, @x = 'autocommit=1'", 'mysql')).toBeUndefined();
    expect(transactionControl('# done\ncommit', 'mysql')).toBe('COMMIT');
    expect(transactionControl('rollback work to savepoint a', 'mysql')).toBeUndefined();
    expect(transactionControl('xa start "x"', 'mysql')).toBe('XA transaction');
    expect(transactionControl('set transaction isolation level serializable', 'mysql')).toBe('SET TRANSACTION');
    expect(transactionControl('set session transaction isolation level serializable', 'mysql')).toBeUndefined();
    expect(transactionControl('begin not atomic select 1; end', 'mysql')).toBeUndefined();
    expect(transactionControl('create procedure p() begin select 1; commit; end', 'mysql')).toBeUndefined();
    expect(transactionControl('begin immediate transaction', 'sqlite')).toBe('BEGIN');
    expect(transactionControl('end', 'sqlite')).toBe('END');
    expect(transactionControl('rollback transaction to savepoint a', 'sqlite')).toBeUndefined();
  });

  it('finds statements whose effect cannot be read from their text', () => {
    expect(isOpaque('CALL add_column()', 'mysql')).toBe(true);
    expect(isOpaque('execute stmt using @a', 'mysql')).toBe(true);
    expect(isOpaque("EXECUTE IMMEDIATE 'create table t (a int)'", 'mysql')).toBe(true);
    expect(isOpaque('begin not atomic create table t (a int); end', 'mysql')).toBe(true);
    expect(isOpaque('if (select 1) then create table t (a int); end if', 'mysql')).toBe(true);
    expect(isOpaque('# first\ncall p()', 'mysql')).toBe(true);
    expect(isOpaque('DO $$ BEGIN EXECUTE $q$create table t ()$q$; END $$', 'postgres')).toBe(true);
    expect(isOpaque('do $$ begin end $$', 'mysql')).toBe(false);
    expect(isOpaque('select 1', 'sqlite')).toBe(false);
    expect(isOpaque('update t set executed = 1', 'postgres')).toBe(false);
  });

  it('finds statements the server refuses (or ignores) inside a transaction', () => {
    const pg: [string, string][] = [
      ['create index concurrently i on t (a)', 'CREATE INDEX CONCURRENTLY'],
      ['CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
      ['drop index concurrently if exists i', 'DROP INDEX CONCURRENTLY'],
      ['reindex index concurrently i', 'REINDEX CONCURRENTLY'],
      ['reindex (concurrently) table t', 'REINDEX CONCURRENTLY'],
      ['reindex database d', 'REINDEX DATABASE/SYSTEM'],
      ['VACUUM ANALYZE t', 'VACUUM'],
      ['cluster', 'CLUSTER of every table'],
      ['alter system set work_mem = 1', 'ALTER SYSTEM'],
      ['create database d', 'CREATE/DROP DATABASE'],
      ['alter database d set tablespace pg_default', 'ALTER DATABASE … SET TABLESPACE'],
      ["create tablespace x location '/x'", 'CREATE/DROP TABLESPACE'],
      ['alter table p detach partition c concurrently', 'DETACH PARTITION CONCURRENTLY'],
      ["create subscription s connection 'x' publication p", 'CREATE SUBSCRIPTION'],
      ['alter subscription s refresh publication', 'ALTER SUBSCRIPTION … REFRESH'],
      ['discard all', 'DISCARD ALL'],
    ];
    for (const [sql, label] of pg) expect(cannotRunInTransaction(sql, 'postgres'), sql).toBe(label);
    for (const sql of [
      'create index i on t (a)',
      'cluster t using i',
      'reindex table t',
      'alter database d set work_mem = 1',
      "create subscription s connection 'x' publication p with (create_slot = false)",
      'discard plans',
      "select 'vacuum'",
    ]) {
      expect(cannotRunInTransaction(sql, 'postgres'), sql).toBeUndefined();
    }
    expect(cannotRunInTransaction('vacuum', 'sqlite')).toBe('VACUUM');
    expect(cannotRunInTransaction("vacuum into 'x.db'", 'sqlite')).toBe('VACUUM');
    expect(cannotRunInTransaction("PRAGMA journal_mode = 'WAL'", 'sqlite')).toBe('PRAGMA journal_mode = WAL');
    expect(cannotRunInTransaction('pragma main.foreign_keys = off', 'sqlite')).toMatch(/^PRAGMA foreign_keys/);
    expect(cannotRunInTransaction('pragma foreign_keys', 'sqlite')).toBeUndefined();
    expect(cannotRunInTransaction('pragma journal_mode = delete', 'sqlite')).toBeUndefined();
    expect(cannotRunInTransaction('create index i on t (a)', 'mysql')).toBeUndefined();
  });

  it('finds an enum value used in the transaction that adds it', () => {
    const statements = [
      { sql: "-- new state\nalter type status add value if not exists 'archived' after 'done'", line: 3 },
      { sql: "alter type status add value 'it''s'", line: 4 },
      { sql: "update t set note = 'archived (old)'", line: 5 },
      { sql: "update t set s = 'archived' where s = 'done'", line: 6 },
      { sql: "select 'it''s'::status", line: 7 },
    ];
    expect(newEnumValueUses(statements, 'postgres')).toEqual([
      { type: 'status', value: 'archived', addedAt: 3, usedAt: 6 },
      { type: 'status', value: "it's", addedAt: 4, usedAt: 7 },
    ]);
    expect(newEnumValueUses(statements.slice(0, 3), 'postgres')).toEqual([]);
    expect(newEnumValueUses(statements, 'mysql')).toEqual([]);
  });
});
