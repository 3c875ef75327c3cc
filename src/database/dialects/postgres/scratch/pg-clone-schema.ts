import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { parseTargetUrl, type TargetSpec } from '../../../parse-url.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { HAS_PUBLIC_SCHEMA_SQL } from '../backup/pg-backup-info.ts';
import { copyPgSchemaFromCatalog } from './pg-catalog-schema-copy.ts';
import { openPgClient, pgError } from '../session/pg-connection.ts';
import { copyPgSchemaWithPgDump } from './pg-dump-schema-copy.ts';
import { copyPgTablesWithPgDump, type PgTableSelection } from './pg-dump-tables-copy.ts';
import { pgServerMajor, userSchema } from '../session/pg-snapshot.ts';
import { usablePgDump } from '../session/pg-usable-dump.ts';

/**
 * How the schema was copied: with pg_dump and psql, or from the catalogs through the driver.
 *
 * @example
 * const how: PgSchemaCopyMethod = await clonePgSchema(spec, scratch.url, findClientTool) // 'pg_dump'
 */
export type PgSchemaCopyMethod = 'pg_dump' | 'catalog';

/**
 * Copies the schema of the target `spec` (no rows) into the empty database at `url`, in one
 * transaction of the destination: `pg_dump --schema-only | psql` when a pg_dump at least as new
 * as the server and a psql are found, else the pg-copy DDL built from the catalogs. Refuses a
 * destination that already holds tables, views or sequences (so it can never be the target).
 * With `tables` (names as schema snapshots write them) and pg_dump at hand, only those tables are
 * copied, with every object that is not a relation (see pg-dump-tables-copy.ts); without pg_dump
 * the whole schema is.
 *
 * @example
 * const scratch = await createPgScratch(spec)
 * await clonePgSchema(spec, scratch.url, findClientTool) // 'pg_dump'
 */
export async function clonePgSchema(
  spec: Extract<TargetSpec, { dialect: 'postgres' }>,
  url: string,
  findTool: ClientToolFinder,
  tables?: PgTableSelection,
): Promise<PgSchemaCopyMethod> {
  if (parseTargetUrl(url).dialect !== 'postgres') throw new Error(`Cannot copy a PostgreSQL schema into ${redactUrl(url)}: not a PostgreSQL URL`);
  const empty = assertPgDatabaseEmpty(url);
  empty.catch(() => undefined); // awaited below, after the source's own checks
  const source = await openPgClient(spec.url, 'dihya-migrate schema copy');
  try {
    const [serverMajor, { rows }] = await Promise.all([pgServerMajor(source), source.query<{ found: boolean }>(HAS_PUBLIC_SCHEMA_SQL)]);
    const publicSchema = rows[0]!.found;
    const pgDump = await usablePgDump(findTool, serverMajor, false);
    await empty;
    const psql = findTool(['psql']);
    if (pgDump && tables) {
      await copyPgTablesWithPgDump(spec.url, url, pgDump, publicSchema, tables);
      return 'pg_dump';
    }
    if (pgDump && psql) {
      await copyPgSchemaWithPgDump(spec.url, url, pgDump, psql, publicSchema);
      return 'pg_dump';
    }
    await copyPgSchemaFromCatalog(source, serverMajor, url, publicSchema);
    return 'catalog';
  } catch (error) {
    if (isServerError(error)) throw pgError(`Copying the schema of ${redactUrl(spec.url)} failed`, error, spec.url);
    throw error;
  } finally {
    await source.end().catch(() => undefined);
  }
}

/** Throws unless the database at `url` has no table, view, sequence or other relation in a user schema. */
async function assertPgDatabaseEmpty(url: string): Promise<void> {
  const client = await openPgClient(url, 'dihya-migrate schema copy');
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.oid::regclass::text AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${userSchema('n')} ORDER BY 1 LIMIT 3`,
    );
    if (rows.length > 0) {
      throw new Error(`Cannot copy the schema into ${redactUrl(url)}: it is not empty (it holds ${rows.map((r) => r.name).join(', ')}…)`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isServerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'severity' in error;
}
