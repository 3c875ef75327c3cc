import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { quotePgIdent } from '../session/pg-sql-text.ts';

/** A table a restore must leave as it is, where it lives now. */
export interface PgKeptTable {
  schema: string;
  name: string;
}

/** The schema-name prefix of the schema a restore parks kept tables in (the reset leaves it alone). */
export const PG_KEEP_SCHEMA_PREFIX = 'dihya_keep_';

/**
 * Where the tables named `names` (as the config names them: plain identifiers) live now; those
 * that do not exist are left out. Looked up by name in every user schema (public first), so the
 * answer does not depend on the session's search_path (backup sessions empty it).
 *
 * @example
 * await findPgKeptTables(client, ['dihya_audit']) // [{ schema: 'public', name: 'dihya_audit' }]
 */
export async function findPgKeptTables(client: pg.Client, names: readonly string[]): Promise<PgKeptTable[]> {
  if (names.length === 0) return [];
  const { rows } = await client.query<{ schema: string; name: string }>(
    `SELECT DISTINCT ON (c.relname) n.nspname AS schema, c.relname AS name
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND c.relname = ANY($1::text[])
        AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT LIKE 'dihya\\_keep\\_%'
      ORDER BY c.relname, (n.nspname = 'public') DESC, n.nspname`,
    [names],
  );
  return rows;
}

/**
 * The statements that park the kept tables in a schema of their own before a restore empties the
 * database, and put them back after it (dropping whatever copy the backup brought of them), all in
 * the restore's transaction. Indexes and owned sequences move with their tables.
 *
 * @example
 * const keep = pgKeepTablesSql([{ schema: 'public', name: 'dihya_audit' }])
 * const script = `BEGIN;\n${keep.before}${reset}${restore}${keep.after}COMMIT;\n`
 */
export function pgKeepTablesSql(tables: readonly PgKeptTable[]): { before: string; after: string; schema: string } {
  const schema = `${PG_KEEP_SCHEMA_PREFIX}${randomBytes(4).toString('hex')}`;
  if (tables.length === 0) return { before: '', after: '', schema };
  const parked = quotePgIdent(schema);
  const before = [`CREATE SCHEMA ${parked};`, ...tables.map((t) => `ALTER TABLE ${quotePgIdent(t.schema)}.${quotePgIdent(t.name)} SET SCHEMA ${parked};`)];
  const after = [
    ...tables.flatMap((t) => [
      `CREATE SCHEMA IF NOT EXISTS ${quotePgIdent(t.schema)};`,
      `DROP TABLE IF EXISTS ${quotePgIdent(t.schema)}.${quotePgIdent(t.name)} CASCADE;`,
      `ALTER TABLE ${parked}.${quotePgIdent(t.name)} SET SCHEMA ${quotePgIdent(t.schema)};`,
    ]),
    `DROP SCHEMA ${parked};`,
  ];
  return { before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n`, schema };
}
