import type pg from 'pg';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { readPgCopyCatalog, type PgCopyCatalog } from '../backup/pg-copy-catalog.ts';
import { pgCopyPostDataSql, pgCopyPreDataSql } from '../backup/pg-copy-ddl.ts';
import { findPgCopyUnsupported } from '../backup/pg-copy-unsupported.ts';
import { openPgClient, pgError } from '../session/pg-connection.ts';
import { beginPgSnapshot, PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';

/**
 * Copies the schema of the database `source` is connected to into the empty database at
 * `destinationUrl` without client tools: the pg-copy DDL (pg-copy-catalog.ts, pg-copy-ddl.ts:
 * schemas, enums, sequences, functions, tables, constraints, indexes, views, triggers, policies)
 * read in one snapshot, then run in ONE transaction of the destination — no COPY, no row read.
 * As with `pg_dump --no-owner --no-privileges`, everything is owned by the destination's user
 * with default privileges. Refuses (before writing anything) a database holding objects pg-copy
 * cannot rebuild (see pg-copy-unsupported.ts) or a server older than PostgreSQL 12.
 *
 * @example
 * await copyPgSchemaFromCatalog(client, 15, scratch.url, true)
 */
export async function copyPgSchemaFromCatalog(source: pg.Client, serverMajor: number, destinationUrl: string, publicSchema: boolean): Promise<void> {
  if (serverMajor < 12) {
    throw new Error(`Copying a schema without pg_dump needs PostgreSQL 12 or newer (the server is ${serverMajor}): install a pg_dump ${serverMajor} or newer`);
  }
  let catalog: PgCopyCatalog;
  await beginPgSnapshot(source);
  try {
    const unsupported = await findPgCopyUnsupported(source);
    if (unsupported.length > 0) {
      throw new Error(
        `Without pg_dump the schema copy cannot rebuild: ${unsupported.join(', ')}. Install a pg_dump at least as new as the server (PostgreSQL ${serverMajor}).`,
      );
    }
    catalog = await readPgCopyCatalog(source, serverMajor);
  } finally {
    await source.query('ROLLBACK').catch(() => undefined);
  }

  const destination = await openPgClient(destinationUrl, 'dihya-migrate schema copy');
  try {
    await destination.query(`${PG_DUMP_SESSION_SQL};\nSET check_function_bodies = false`);
    const { rows } = await destination.query<{ user: string }>('SELECT current_user AS "user"');
    const owned = ownedBy(catalog, rows[0]!.user);
    await destination.query('BEGIN');
    if (!publicSchema) await destination.query('DROP SCHEMA IF EXISTS public');
    await destination.query(pgCopyPreDataSql(owned));
    await destination.query(pgCopyPostDataSql(owned));
    await destination.query('COMMIT');
  } catch (error) {
    await destination.query('ROLLBACK').catch(() => undefined);
    throw pgError(`Copying the schema into ${redactUrl(destinationUrl)} failed (rolled back)`, error, destinationUrl);
  } finally {
    await destination.end().catch(() => undefined);
  }
}

/** The catalog with every object owned by `role` and default privileges (ACLs dropped). */
function ownedBy(catalog: PgCopyCatalog, role: string): PgCopyCatalog {
  const own = <T extends { owner: string }>(items: T[]) => items.map((item) => ({ ...item, owner: role, ...('acl' in item ? { acl: null } : {}) }));
  return {
    ...catalog,
    schemas: own(catalog.schemas),
    enums: own(catalog.enums),
    sequences: own(catalog.sequences),
    functions: own(catalog.functions),
    tables: own(catalog.tables),
    views: own(catalog.views),
  };
}
