import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../src/database/parse-url.ts';

/**
 * Fills `accounts (id bigint primary key, n integer, pad varchar(40))` with `rows` rows, the
 * fastest way each server has (generate_series, MariaDB's sequence engine, a recursive CTE).
 *
 * @example
 * await fillAccounts(target.db, 'postgres', 5_000_000)
 */
export async function fillAccounts(db: Kysely<any>, dialect: DialectName, rows: number): Promise<void> {
  await sql`drop table if exists accounts`.execute(db);
  await sql`create table accounts (id bigint primary key, n integer not null, pad varchar(40) not null)`.execute(db);
  const chunk = 500_000;
  for (let from = 1; from <= rows; from += chunk) {
    const to = Math.min(rows, from + chunk - 1);
    if (dialect === 'postgres') {
      await sql`insert into accounts select g, 0, 'account ' || g from generate_series(${from}::bigint, ${to}::bigint) g`.execute(db);
    } else if (dialect === 'mysql') {
      await sql.raw(`insert into accounts select seq, 0, concat('account ', seq) from seq_${from}_to_${to}`).execute(db);
    } else {
      await sql`with recursive g(i) as (select ${from} union all select i + 1 from g where i < ${to}) insert into accounts select i, 0, 'account ' || i from g`.execute(
        db,
      );
    }
  }
  if (dialect === 'postgres') await sql`vacuum analyze accounts`.execute(db);
}
