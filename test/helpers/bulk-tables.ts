import type { Dialect } from './databases.ts';
import { query } from './tables.ts';

/**
 * Creates `tables` tables `bulk_1 … bulk_n` of `rows` rows each (id, payload), filled by the
 * server itself, so that a backup or a restore of them takes a noticeable moment.
 */
export async function createBulkTables(dialect: Dialect, url: string, tables: number, rows: number): Promise<void> {
  for (let t = 1; t <= tables; t++) {
    const name = `bulk_${t}`;
    if (dialect === 'postgres') {
      await query(url, `create table ${name} (id integer primary key, payload text not null)`);
      await query(url, `insert into ${name} select g, md5(g::text) || md5((g * 7)::text) from generate_series(1, ${rows}) g`);
    } else if (dialect === 'mysql') {
      await query(url, `create table ${name} (id integer primary key, payload varchar(80) not null)`);
      await query(url, `insert into ${name} select seq, concat(md5(seq), md5(seq * 7)) from seq_1_to_${rows}`);
    } else {
      await query(url, `create table ${name} (id integer primary key, payload text not null)`);
      await query(
        url,
        `insert into ${name} with recursive g(n) as (select 1 union all select n + 1 from g where n < ${rows}) select n, hex(randomblob(32)) from g`,
      );
    }
  }
}

/** Row count of each bulk table. */
export async function bulkCounts(url: string, tables: number): Promise<number[]> {
  const counts: number[] = [];
  for (let t = 1; t <= tables; t++) counts.push(Number((await query<{ n: number }>(url, `select count(*) as n from bulk_${t}`))[0]!.n));
  return counts;
}
