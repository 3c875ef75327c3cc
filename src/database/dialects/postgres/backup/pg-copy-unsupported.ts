import type pg from 'pg';
import { userSchema } from '../session/pg-snapshot.ts';

/**
 * What the pg-copy method does not rebuild, found in the database. pg-copy refuses to back up
 * a database holding any of these rather than write a backup that silently lacks them:
 * extensions (other than plpgsql), partitioned and inherited tables, typed tables, materialized
 * views, foreign tables, domains, composite/range/base types, rules, aggregates, user
 * collations, operators, text search objects, extended statistics and large objects.
 */
const CHECKS: readonly { what: string; sql: string }[] = [
  { what: 'extension', sql: `SELECT extname AS name FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql'` },
  {
    what: 'partitioned table',
    sql: `SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND ${userSchema('n')}`,
  },
  { what: 'inherited table', sql: `SELECT inhrelid::regclass::text AS name FROM pg_catalog.pg_inherits` },
  {
    what: 'typed table',
    sql: `SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.reloftype <> 0 AND ${userSchema('n')}`,
  },
  {
    what: 'materialized view or foreign table',
    sql: `SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('m', 'f') AND ${userSchema('n')}`,
  },
  {
    what: 'domain, composite, range or base type',
    sql: `SELECT t.oid::regtype::text AS name FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
           WHERE ${userSchema('n')} AND (t.typtype IN ('d', 'r', 'm') OR (t.typtype = 'b' AND t.typcategory <> 'A')
             OR (t.typtype = 'c' AND (SELECT relkind FROM pg_catalog.pg_class WHERE oid = t.typrelid) = 'c'))`,
  },
  {
    what: 'rule',
    sql: `SELECT rulename || ' on ' || ev_class::regclass::text AS name FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE r.rulename <> '_RETURN' AND ${userSchema('n')}`,
  },
  {
    what: 'aggregate',
    sql: `SELECT p.oid::regprocedure::text AS name FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind = 'a' AND ${userSchema('n')}`,
  },
  {
    what: 'collation',
    sql: `SELECT c.collname AS name FROM pg_catalog.pg_collation c JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace WHERE ${userSchema('n')}`,
  },
  {
    what: 'operator',
    sql: `SELECT o.oid::regoperator::text AS name FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace WHERE ${userSchema('n')}`,
  },
  {
    what: 'text search configuration',
    sql: `SELECT c.cfgname AS name FROM pg_catalog.pg_ts_config c JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace WHERE ${userSchema('n')}`,
  },
  {
    what: 'extended statistics',
    sql: `SELECT s.stxname AS name FROM pg_catalog.pg_statistic_ext s JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace WHERE ${userSchema('n')}`,
  },
  { what: 'large object', sql: `SELECT oid::text AS name FROM pg_catalog.pg_largeobject_metadata` },
];

/**
 * Lists the objects of the database that pg-copy cannot rebuild (empty when it can do it all).
 * Call it in the backup's transaction.
 *
 * @example
 * await findPgCopyUnsupported(client) // ['extension pgcrypto', 'materialized view or foreign table public.daily_totals']
 */
export async function findPgCopyUnsupported(client: pg.Client): Promise<string[]> {
  const found: string[] = [];
  for (const check of CHECKS) {
    const { rows } = await client.query<{ name: string }>(`${check.sql} LIMIT 5`);
    for (const row of rows) found.push(`${check.what} ${row.name}`);
  }
  return found;
}
