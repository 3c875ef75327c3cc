import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { updateRowsOneByOne, type KeyedRowUpdate } from '../../row-updates.ts';

/** MariaDB takes at most 65535 placeholders per statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Rewrites a batch of rows by primary key in three statements: the new values go into a
 * temporary table shaped like the target's columns (`create temporary table … select … limit 0`,
 * which does not commit the transaction), then one `update … join` sets them. Needs a
 * transaction (the temporary table belongs to its connection); outside one, rows are updated one
 * by one.
 *
 * @example
 * await updateMysqlRows(trx, { table: 'customers', key: ['id'], columns: ['email'], rows: [[1, 'a@example.org']] })
 */
export async function updateMysqlRows(db: Kysely<any>, update: KeyedRowUpdate): Promise<void> {
  if (!db.isTransaction || update.rows.length === 0) return updateRowsOneByOne(db, update);
  const { table, key, columns, rows } = update;
  const all = [...key, ...columns];
  const temp = `dihya_rows_${createHash('sha256')
    .update(JSON.stringify([table, all]))
    .digest('hex')
    .slice(0, 16)}`;
  const list = sql.join(all.map((c) => sql.ref(c)));
  const keyList = sql.join(key.map((c) => sql.ref(c)));
  await sql`create temporary table if not exists ${sql.table(temp)} (primary key (${keyList})) select ${list} from ${sql.table(table)} limit 0`.execute(db);
  await sql`delete from ${sql.table(temp)}`.execute(db);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / all.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`);
    await sql`insert into ${sql.table(temp)} (${list}) values ${sql.join(values)}`.execute(db);
  }
  const set = sql.join(columns.map((c) => sql`t.${sql.ref(c)} = v.${sql.ref(c)}`));
  const match = sql.join(
    key.map((c) => sql`t.${sql.ref(c)} = v.${sql.ref(c)}`),
    sql` and `,
  );
  await sql`update ${sql.table(table)} as t join ${sql.table(temp)} as v on ${match} set ${set}`.execute(db);
}
