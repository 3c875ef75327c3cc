import type pg from 'pg';
import { userSchema } from '../session/pg-snapshot.ts';

/**
 * Exact row count of every ordinary table of the user schemas, read in the caller's transaction
 * (call it inside the backup's snapshot). Keys are `table` for `public`, `schema.table` otherwise,
 * as in schema snapshots. Partitioned parents are left out: their partitions hold the rows.
 * `only`: count just the tables whose key it accepts (a table-scoped backup counts its own tables,
 * not the whole database).
 *
 * @example
 * await countPgRows(client) // { customers: 1200, 'billing.invoices': 310 }
 * await countPgRows(client, (table) => table === 'orders') // { orders: 5400 }
 */
export async function countPgRows(client: pg.Client, only?: (table: string) => boolean): Promise<Record<string, number>> {
  const { rows: listed } = await client.query<{ schema: string; name: string; qualified: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, pg_catalog.format('%I.%I', n.nspname, c.relname) AS qualified
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND ${userSchema('n')}
      ORDER BY n.nspname, c.relname`,
  );
  const tables = only ? listed.filter((t) => only(pgTableKey(t))) : listed;
  const counts: Record<string, number> = {};
  for (let start = 0; start < tables.length; start += 100) {
    const chunk = tables.slice(start, start + 100);
    const text = chunk.map((t, i) => `SELECT ${i} AS i, count(*) AS n FROM ONLY ${t.qualified}`).join('\nUNION ALL\n');
    const { rows } = await client.query<{ i: number; n: string }>(text);
    for (const row of rows) {
      const table = chunk[row.i]!;
      counts[pgTableKey(table)] = Number(row.n);
    }
  }
  return counts;
}

/**
 * A table's name as the schema snapshot writes it: `table` in `public`, `schema.table` elsewhere,
 * the table part double-quoted when it holds a dot (see tableRef).
 *
 * @example
 * snapshotTableName('public', 'odd.name') // '"odd.name"'
 * snapshotTableName('shop', 'orders')     // 'shop.orders'
 */
export function snapshotTableName(schema: string, name: string): string {
  const table = name.includes('.') ? `"${name.replaceAll('"', '""')}"` : name;
  return schema === 'public' ? table : `${schema}.${table}`;
}

/** A table's key in row counts and schema snapshots (see snapshotTableName). */
function pgTableKey(table: { schema: string; name: string }): string {
  return snapshotTableName(table.schema, table.name);
}
