import { sql, type RawBuilder } from 'kysely';

/**
 * `key <op> values` as a row-value comparison (`(a, b) > (?, ?)`), or a plain one for a single
 * column. SQLite (3.15+) and PostgreSQL use the primary key's index for it.
 *
 * @example
 * rowValueComparison(['a', 'b'], [1, 2], '>') // (a, b) > (1, 2)
 */
export function rowValueComparison(key: string[], values: unknown[], op: '>' | '<='): RawBuilder<boolean> {
  const columns = key.map((c) => sql.ref(c));
  const bound = values.map((v) => sql`${v}`);
  if (key.length === 1) return sql<boolean>`${columns[0]!} ${sql.raw(op)} ${bound[0]!}`;
  return sql<boolean>`(${sql.join(columns)}) ${sql.raw(op)} (${sql.join(bound)})`;
}
