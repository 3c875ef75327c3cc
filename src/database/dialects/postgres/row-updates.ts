import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { updateRowsOneByOne, type KeyedRowUpdate } from '../../row-updates.ts';

/** PostgreSQL takes at most 65535 bind parameters per statement. */
const MAX_PARAMETERS = 60_000;

/**
 * Rewrites a batch of rows by primary key in three statements: the new values go into a
 * temporary table shaped like the target's columns (`create temp table … as select … with no
 * data … on commit drop`, so every type is the column's own), then one `update … from` joins
 * them in. Needs a transaction (the temporary table belongs to its session); outside one, rows
 * are updated one by one.
 *
 * @example
 * await updatePostgresRows(trx, { table: 'customers', key: ['id'], columns: ['email'], rows: [[1, 'a@example.org']] })
 */
export async function updatePostgresRows(db: Kysely<any>, update: KeyedRowUpdate): Promise<void> {
  if (!db.isTransaction || update.rows.length === 0) return updateRowsOneByOne(db, update);
  const { table, key, columns, rows } = update;
  const all = [...key, ...columns];
  const temp = `dihya_rows_${createHash('sha256')
    .update(JSON.stringify([table, all]))
    .digest('hex')
    .slice(0, 16)}`;
  const list = sql.join(all.map((c) => sql.ref(c)));
  await sql`create temp table if not exists ${sql.table(temp)} on commit drop as select ${list} from ${sql.table(table)} with no data`.execute(db);
  await sql`truncate ${sql.table(temp)}`.execute(db);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / all.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((row) => sql`(${sql.join(row.map((v) => sql`${v}`))})`);
    await sql`insert into ${sql.table(temp)} (${list}) values ${sql.join(values)}`.execute(db);
  }
  const set = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
  const match = sql.join(
    key.map((c) => sql`t.${sql.ref(c)} = v.${sql.ref(c)}`),
    sql` and `,
  );
  await sql`update ${sql.table(table)} as t set ${set} from ${sql.table(temp)} as v where ${match}`.execute(db);
}
