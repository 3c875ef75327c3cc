/**
 * Wraps a pure function of a statement's text (and dialect) so that it remembers its last answer:
 * the runner asks several questions of each statement in a row (transaction control, opaque,
 * tables touched, rows removed, session changes), from the statement guard, the schema tracker
 * and the row-removal watch, each reading the same masked or normalized text. The answer is
 * shared: callers must not change it.
 *
 * @example
 * const normalized = rememberLast((sql: string, dialect: DialectName) => expensive(sql, dialect))
 * normalized('select 1', 'sqlite') // computed
 * normalized('select 1', 'sqlite') // the same result, not computed again
 */
export function rememberLast<A extends readonly unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args) => {
    if (last !== undefined && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.result;
    const result = compute(...args);
    last = { args, result };
    return result;
  };
}
