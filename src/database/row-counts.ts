import { sql, type Kysely } from 'kysely';

/**
 * Exact row count of each table.
 *
 * @example
 * await countRows(db, ['customers']) // { customers: 3 }
 */
export async function countRows(db: Kysely<any>, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [...tables].sort()) counts[table] = await countTable(db, table);
  return counts;
}

/**
 * Exact row count of one table.
 *
 * @example
 * await countTable(db, 'customers') // 3
 */
export async function countTable(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
