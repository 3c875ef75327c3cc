import { sql, type Kysely } from 'kysely';
import type { DialectName } from './parse-url.ts';
import { tableRef } from './table-ref.ts';

/**
 * Exact row count of each table. With the dialect, names are read as a schema snapshot writes
 * them (a name holding a dot included, see tableRef); without it, a dot separates the schema.
 *
 * @example
 * await countRows(db, ['customers']) // { customers: 3 }
 */
export async function countRows(db: Kysely<any>, tables: string[], dialect?: DialectName): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...tables].sort()) counts[table] = await countTable(db, table, dialect);
  return counts;
}

/**
 * Exact row count of one table.
 *
 * @example
 * await countTable(db, 'customers') // 3
 */
export async function countTable(db: Kysely<any>, table: string, dialect?: DialectName): Promise<number> {
  const ref = dialect ? tableRef(table, dialect) : sql.table(table);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${ref}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
