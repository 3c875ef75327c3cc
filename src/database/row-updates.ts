import { sql, type Kysely } from 'kysely';

/**
 * Rows to rewrite by primary key: for each row, the key's values then the new values of `columns`.
 *
 * @example
 * const update: KeyedRowUpdate = { table: 'customers', key: ['id'], columns: ['email'], rows: [[1, 'a@example.org'], [2, 'b@example.org']] }
 */
export interface KeyedRowUpdate {
  table: string;
  key: string[];
  columns: string[];
  rows: unknown[][];
}

/** A dialect's fast way to apply a {@link KeyedRowUpdate} (one statement per batch). */
export type RowUpdater = (db: Kysely<any>, update: KeyedRowUpdate) => Promise<void>;

/**
 * The portable way: one `UPDATE … WHERE key = …` per row, through `db` (inside the caller's
 * transaction). SQLite runs these in-process, as fast as a batched statement; PostgreSQL and
 * MariaDB have their own batched form (see their `row-updates.ts`).
 *
 * @example
 * await updateRowsOneByOne(trx, { table: 'customers', key: ['id'], columns: ['email'], rows: [[1, 'a@example.org']] })
 */
export async function updateRowsOneByOne(db: Kysely<any>, update: KeyedRowUpdate): Promise<void> {
  for (const row of update.rows) {
    const set = Object.fromEntries(update.columns.map((c, i) => [c, row[update.key.length + i]]));
    let query = db.updateTable(update.table).set(set);
    for (const [i, column] of update.key.entries()) query = query.where(sql.ref(column), '=', row[i]);
    await query.execute();
  }
}
