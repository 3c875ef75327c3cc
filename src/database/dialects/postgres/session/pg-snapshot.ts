import type pg from 'pg';

/**
 * Session settings under which catalog text (pg_get_*def), COPY text and restore scripts are
 * unambiguous: empty search_path (every name comes out schema-qualified), ISO dates, exact floats.
 *
 * @example
 * await client.query(PG_DUMP_SESSION_SQL)
 */
export const PG_DUMP_SESSION_SQL = [
  "SELECT pg_catalog.set_config('search_path', '', false)",
  "SET client_encoding = 'UTF8'",
  'SET standard_conforming_strings = on',
  'SET DateStyle = ISO',
  'SET IntervalStyle = postgres',
  'SET extra_float_digits = 3',
  "SET client_min_messages = 'warning'",
  'SET statement_timeout = 0',
  'SET lock_timeout = 0',
  'SET idle_in_transaction_session_timeout = 0',
].join(';\n');

/**
 * Starts a REPEATABLE READ, READ ONLY transaction on `client` with the dump session settings:
 * every read until COMMIT sees one snapshot of the database.
 *
 * @example
 * await beginPgSnapshot(client)
 * const counts = await countPgRows(client)   // same snapshot as the data read next
 */
export async function beginPgSnapshot(client: pg.Client): Promise<void> {
  await client.query(PG_DUMP_SESSION_SQL);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

/**
 * Exports the snapshot of the current transaction for other sessions (pg_dump --snapshot).
 * The transaction must stay open until they have imported it.
 *
 * @example
 * const id = await exportPgSnapshot(client) // '00000003-0000001B-1'
 */
export async function exportPgSnapshot(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>('SELECT pg_catalog.pg_export_snapshot() AS id');
  return rows[0]!.id;
}

/**
 * The server's major version (15 for 15.4).
 *
 * @example
 * await pgServerMajor(client) // 15
 */
export async function pgServerMajor(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ v: string }>("SELECT pg_catalog.current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}

/**
 * SQL condition: `alias` (a pg_namespace row) is a user schema, not pg_catalog, information_schema, toast or temp.
 *
 * @example
 * `SELECT nspname FROM pg_catalog.pg_namespace n WHERE ${userSchema('n')}`
 */
export function userSchema(alias: string): string {
  return `${alias}.nspname <> 'information_schema' AND ${alias}.nspname NOT LIKE 'pg\\_%'`;
}
