import { describe, expect, it } from 'vitest';
import { callsRoutine } from '../../src/sql/routine-calls.ts';
import { changesSession, isOpaque } from '../../src/sql/statement-kinds.ts';

describe('statements whose effect cannot be read from their text', () => {
  it('takes a PostgreSQL SELECT calling a function of the database as opaque, not one calling built-ins', () => {
    expect(callsRoutine('select add_price()', 'postgres')).toBe(true);
    expect(callsRoutine('SELECT app.migrate_v2(1, 2)', 'postgres')).toBe(true);
    expect(callsRoutine('select * from "Make"()', 'postgres')).toBe(true);
    expect(callsRoutine("select setval('s', (select max(id) from t))", 'postgres')).toBe(false);
    expect(callsRoutine("SELECT pg_catalog.set_config('search_path', '', false)", 'postgres')).toBe(false);
    expect(callsRoutine('select count(*), coalesce(max(a), 0) from t where b in (1, 2) and exists (select 1)', 'postgres')).toBe(false);
    expect(callsRoutine("select 'f(x)' as text", 'postgres')).toBe(false);
    expect(callsRoutine('update t set a = f(a)', 'postgres')).toBe(false);
    expect(isOpaque('select add_price()', 'postgres')).toBe(true);
    expect(isOpaque('select add_price()', 'mysql')).toBe(false);
  });
});

describe('statements that may change the session', () => {
  it.each([
    ['set search_path = billing', 'postgres', true],
    ['SET ROLE app_owner', 'postgres', true],
    ['reset all', 'postgres', true],
    ["select set_config('search_path', '', false)", 'postgres', true],
    ['prepare p as select 1', 'postgres', true],
    ['do $$ begin perform 1; end $$', 'postgres', true],
    ['select 1', 'postgres', false],
    ['update t set a = 1', 'postgres', false],
    ['use other_db', 'mysql', true],
    ['set @x = 1', 'mysql', true],
    ['/*!40101 SET NAMES utf8mb4 */', 'mysql', true],
    ['call p()', 'mysql', true],
    ['update t set a = 1', 'mysql', false],
    ['pragma recursive_triggers = on', 'sqlite', true],
    ['pragma table_info(t)', 'sqlite', true],
    ['pragma foreign_key_check', 'sqlite', false],
  ] as const)('%s (%s): %s', (sql, dialect, expected) => {
    expect(changesSession(sql, dialect)).toBe(expected);
  });
});
