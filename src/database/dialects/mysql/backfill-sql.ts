import { sql, type RawBuilder } from 'kysely';
import type { BackfillSql } from '../../backfill-sql.ts';

/**
 * `key <op> values` spelt out column by column (`a > 1 or (a = 1 and b > 2)`), with the first
 * column's bound in front (`a >= 1 and …`) so MariaDB ranges over the primary key instead of
 * scanning: its optimizer does not use an index for a row-value comparison.
 *
 * @example
 * expandedComparison(['a', 'b'], [1, 2], '>') // a >= 1 and (a > 1 or (a = 1 and b > 2))
 */
export function expandedComparison(key: string[], values: unknown[], op: '>' | '<='): RawBuilder<boolean> {
  const strict = op === '>' ? sql.raw('>') : sql.raw('<');
  const last = op === '>' ? sql.raw('>') : sql.raw('<=');
  const column = (i: number) => sql.ref(key[i]!);
  const value = (i: number) => sql`${values[i]}`;
  if (key.length === 1) return sql<boolean>`${column(0)} ${last} ${value(0)}`;
  const alternatives = key.map((_, i) => {
    const equal = key.slice(0, i).map((__, j) => sql`${column(j)} = ${value(j)}`);
    const tail = sql`${column(i)} ${i === key.length - 1 ? last : strict} ${value(i)}`;
    return sql`(${sql.join([...equal, tail], sql` and `)})`;
  });
  const leading = op === '>' ? sql.raw('>=') : sql.raw('<=');
  return sql<boolean>`(${column(0)} ${leading} ${value(0)} and (${sql.join(alternatives, sql` or `)}))`;
}

/**
 * MariaDB/MySQL: comparisons spelt out for the optimizer, `Threads_running` as the load,
 * `information_schema.tables.table_rows` (InnoDB's estimate) as the row estimate, and no
 * statement ceiling.
 *
 * @example
 * await mysqlBackfillSql.serverLoad(db) // { threadsRunning: 3 }
 */
export const mysqlBackfillSql: BackfillSql = {
  keyAfter: (key, values) => expandedComparison(key, values, '>'),
  keyAtMost: (key, values) => expandedComparison(key, values, '<='),
  async serverLoad(db) {
    const { rows } = await sql<{ Value: string; VALUE?: string }>`show global status like 'Threads_running'`.execute(db);
    const row = rows[0] as Record<string, unknown> | undefined;
    const value = row ? (row.Value ?? row.VALUE ?? Object.values(row)[1]) : undefined;
    return value === undefined ? {} : { threadsRunning: Number(value) };
  },
  startBatch: async () => undefined,
  // No ceiling: InnoDB undoes a stopped UPDATE row by row, holding its locks about as long again
  // (a try stopped at 80 ms held them up to 480 ms, under load), longer than letting it finish.
  statementTimeoutMs: async () => undefined,
  isStatementTimeout: () => false,
  // Its stalls (page flushing, purge) add time to a batch whatever its size: smaller batches would not shorten them.
  batchAim: 0.5,
  async estimateRows(db, table) {
    const { rows } = await sql<{ n: number | string | null }>`select table_rows as n from information_schema.tables
      where table_schema = database() and table_name = ${table}`.execute(db);
    const n = rows[0]?.n;
    return n === null || n === undefined ? undefined : Number(n);
  },
};
