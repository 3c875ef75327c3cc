import { sql, type Kysely } from 'kysely';

/**
 * Reads a table in primary-key order, `size` rows at a time (keyset pagination: each batch starts
 * after the last key of the previous one, so the cost per batch stays flat on large tables), and
 * hands each batch to `work` before reading the next.
 *
 * @example
 * await forEachBatch(trx, 'customers', ['id'], ['email'], 5000, async (rows) => { … })
 */
export async function forEachBatch(
  db: Kysely<any>,
  table: string,
  key: string[],
  columns: string[],
  size: number,
  work: (rows: Record<string, unknown>[]) => Promise<void>,
): Promise<void> {
  const selected = [...new Set([...key, ...columns])];
  let last: unknown[] | undefined;
  for (;;) {
    let query = db
      .selectFrom(table)
      .select(selected.map((c) => sql.ref(c).as(c)))
      .limit(size);
    for (const k of key) query = query.orderBy(sql.ref(k));
    if (last) {
      const after = last;
      query =
        key.length === 1
          ? query.where(sql.ref(key[0]!), '>', after[0])
          : query.where(sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(after.map((v) => sql`${v}`))})`);
    }
    const rows = (await query.execute()) as Record<string, unknown>[];
    if (rows.length === 0) return;
    await work(rows);
    if (rows.length < size) return;
    const tail = rows.at(-1)!;
    last = key.map((k) => tail[k]);
  }
}
