import type { DialectName } from './dialect-name.ts';

/**
 * Wraps a pure function of a statement's text and dialect so that it remembers its last answer:
 * the runner asks several questions of each statement in a row (transaction control, opaque,
 * tables touched, rows removed, session changes), each of which reads the same masked or
 * normalized text.
 *
 * @example
 * const normalized = rememberLast((sql, dialect) => expensive(sql, dialect))
 * normalized('select 1', 'sqlite') // computed
 * normalized('select 1', 'sqlite') // the same result, not computed again
 */
export function rememberLast<R>(compute: (sql: string, dialect: DialectName) => R): (sql: string, dialect: DialectName) => R {
  let last: { sql: string; dialect: DialectName; result: R } | undefined;
  return (sql, dialect) => {
    if (last !== undefined && last.sql === sql && last.dialect === dialect) return last.result;
    const result = compute(sql, dialect);
    last = { sql, dialect, result };
    return result;
  };
}
