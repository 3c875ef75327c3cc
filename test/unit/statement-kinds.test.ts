import { describe, expect, it } from 'vitest';
import { cannotRunInTransaction, isOpaque, transactionControl } from '../../src/sql/statement-kinds.ts';

describe('statement kinds', () => {
  it('finds transaction control, but not savepoints or routine bodies', () => {
    for (const sql of [
      'COMMIT',
      'commit;',
      '-- done\nCOMMIT WORK',
      'BEGIN',
      'start transaction read write',
      'END',
      'abort',
      'rollback',
      "prepare transaction 'x'",
    ]) {
      expect(transactionControl(sql, 'postgres'), sql).toBeDefined();
    }
    for (const sql of ['rollback to savepoint a', 'ROLLBACK TO a', 'savepoint a', 'release savepoint a', 'update t set a = 1', 'begin_date = 1']) {
      expect(transactionControl(sql, 'postgres'), sql).toBeUndefined();
    }
    expect(transactionControl('set autocommit = 1', 'mysql')).toBe('SET autocommit');
    expect(transactionControl('SET @@session.autocommit=0', 'mysql')).toBe('SET autocommit');
    expect(transactionControl('commit', 'mysql')).toBeDefined();
    expect(transactionControl('xa start "x"', 'mysql')).toBe('XA transaction');
    expect(transactionControl('create procedure p() begin select 1; end', 'mysql')).toBeUndefined();
    expect(transactionControl('begin immediate transaction', 'sqlite')).toBeDefined();
    expect(transactionControl('end', 'sqlite')).toBeDefined();
  });

  it('finds statements whose effect cannot be read from their text', () => {
    expect(isOpaque('CALL add_column()', 'mysql')).toBe(true);
    expect(isOpaque('execute stmt using @a', 'mysql')).toBe(true);
    expect(isOpaque('DO $$ BEGIN EXECUTE $q$create table t ()$q$; END $$', 'postgres')).toBe(true);
    expect(isOpaque('do $$ begin end $$', 'mysql')).toBe(false);
    expect(isOpaque('select 1', 'sqlite')).toBe(false);
    expect(isOpaque('update t set executed = 1', 'postgres')).toBe(false);
  });

  it('finds statements the server refuses inside a transaction', () => {
    expect(cannotRunInTransaction('create index concurrently i on t (a)', 'postgres')).toBe('CREATE INDEX CONCURRENTLY');
    expect(cannotRunInTransaction('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)', 'postgres')).toBe('CREATE INDEX CONCURRENTLY');
    expect(cannotRunInTransaction('reindex index concurrently i', 'postgres')).toBe('REINDEX CONCURRENTLY');
    expect(cannotRunInTransaction('VACUUM ANALYZE t', 'postgres')).toBe('VACUUM');
    expect(cannotRunInTransaction('alter system set work_mem = 1', 'postgres')).toBe('ALTER SYSTEM');
    expect(cannotRunInTransaction('create index i on t (a)', 'postgres')).toBeUndefined();
    expect(cannotRunInTransaction('vacuum', 'sqlite')).toBe('VACUUM');
    expect(cannotRunInTransaction('create index i on t (a)', 'mysql')).toBeUndefined();
  });
});
