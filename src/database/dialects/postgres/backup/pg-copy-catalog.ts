import type pg from 'pg';
import { aclJsonSql, type PgAclEntry } from '../session/pg-sql-text.ts';
import { userSchema } from '../session/pg-snapshot.ts';

/**
 * A column of a table, as pg-copy rebuilds it.
 *
 * @example
 * const id: PgCopyColumn = { name: 'id', type: 'bigint', notNull: true, defaultExpr: null, identity: 'a', generated: '', collation: null, comment: null }
 */
export interface PgCopyColumn {
  name: string;
  /** format_type() text, e.g. `character varying(50)`, `public.mood[]`. */
  type: string;
  notNull: boolean;
  /** Default expression (pg_get_expr), or the generation expression when `generated`. */
  defaultExpr: string | null;
  /** '' | 'a' (GENERATED ALWAYS AS IDENTITY) | 'd' (BY DEFAULT). */
  identity: string;
  /** '' | 's' (GENERATED ALWAYS AS (expr) STORED). */
  generated: string;
  /** Qualified collation when it differs from the type's default. */
  collation: string | null;
  comment: string | null;
}

/**
 * A table, as pg-copy rebuilds it.
 *
 * @example
 * catalog.tables.map((t: PgCopyTable) => t.name) // ['billing.invoices', 'public.customers']
 */
export interface PgCopyTable {
  oid: number;
  /** Schema-qualified, quoted (regclass text under an empty search_path). */
  name: string;
  owner: string;
  unlogged: boolean;
  options: string[] | null;
  comment: string | null;
  rowSecurity: boolean;
  forceRowSecurity: boolean;
  /** Null when the table has the default privileges. */
  acl: PgAclEntry[] | null;
  columns: PgCopyColumn[];
}

/**
 * A sequence with its current value (identity sequences included).
 *
 * @example
 * catalog.sequences.find((s: PgCopySequence) => s.ownedBy === 'public.customers.id')?.lastValue // '2000'
 */
export interface PgCopySequence {
  name: string;
  owner: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** `table.column` owning the sequence (serial), or null. */
  ownedBy: string | null;
  /** Set for the sequence behind an identity column. */
  identityOf: { table: number; column: string } | null;
  lastValue: string;
  isCalled: boolean;
  acl: PgAclEntry[] | null;
}

/**
 * A function or procedure, with its full `CREATE OR REPLACE` text.
 *
 * @example
 * catalog.functions.map((f: PgCopyFunction) => f.signature) // ['public.audit_order()']
 */
export interface PgCopyFunction {
  signature: string;
  kind: 'FUNCTION' | 'PROCEDURE';
  definition: string;
  owner: string;
  acl: PgAclEntry[] | null;
  /** Created after the tables: its signature uses a table row type, or it has a SQL-standard body. */
  late: boolean;
}

/**
 * A view, with the views it reads from (to create them in order).
 *
 * @example
 * catalog.views.map((v: PgCopyView) => [v.name, v.dependsOn.length]) // [['public.big_spenders', 0], ['public.top_big_spenders', 1]]
 */
export interface PgCopyView {
  oid: number;
  name: string;
  definition: string;
  options: string[] | null;
  owner: string;
  acl: PgAclEntry[] | null;
  comment: string | null;
  /** Other views it reads from. */
  dependsOn: number[];
}

/**
 * Everything pg-copy rebuilds, read from the catalogs in the backup's snapshot.
 *
 * @example
 * const catalog: PgCopyCatalog = await readPgCopyCatalog(client, 15)
 */
export interface PgCopyCatalog {
  /** `acl` is null when the schema has default privileges (NULL ACL). */
  schemas: { name: string; owner: string; acl: PgAclEntry[] | null; comment: string | null }[];
  enums: { name: string; owner: string; labels: string[] }[];
  sequences: PgCopySequence[];
  functions: PgCopyFunction[];
  tables: PgCopyTable[];
  constraints: { table: string; name: string; type: string; definition: string }[];
  indexes: string[];
  views: PgCopyView[];
  triggers: { table: string; name: string; definition: string; enabled: string }[];
  policies: { table: string; name: string; permissive: boolean; command: string; roles: (string | null)[]; using: string | null; withCheck: string | null }[];
}

/**
 * Reads, with pg_catalog queries and the pg_get_* functions, everything pg-copy rebuilds:
 * schemas, enum types, sequences (with their current value), functions and procedures, tables
 * with columns/defaults/identity/generated/not-null, constraints, indexes, views, triggers and
 * row-level security policies, with owners, privileges and comments where noted.
 * Call inside the backup's transaction, with an empty search_path so names come out qualified.
 *
 * @example
 * await beginPgSnapshot(client)
 * const catalog = await readPgCopyCatalog(client, 15)
 */
export async function readPgCopyCatalog(client: pg.Client, serverMajor: number): Promise<PgCopyCatalog> {
  const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await client.query<T>(text, values)).rows;
  const schemas = await q<PgCopyCatalog['schemas'][number]>(
    `SELECT n.nspname AS name, pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
            CASE WHEN n.nspacl IS NULL THEN NULL ELSE ${aclJsonSql('n.nspacl', 'n', 'n.nspowner')} END AS acl,
            pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment
       FROM pg_catalog.pg_namespace n WHERE ${userSchema('n')} ORDER BY n.nspname`,
  );
  const enums = await q<PgCopyCatalog['enums'][number]>(
    `SELECT t.oid::regtype::text AS name, pg_catalog.pg_get_userbyid(t.typowner) AS owner,
            ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
       FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND ${userSchema('n')} ORDER BY n.nspname, t.typname`,
  );
  const sequenceRows = await q<Omit<PgCopySequence, 'lastValue' | 'isCalled'> & { identityTable: number | null; identityColumn: string | null }>(
    `SELECT c.oid::regclass::text AS name, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
            pg_catalog.format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS increment,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
            (SELECT d.refobjid::regclass::text || '.' || pg_catalog.quote_ident(a.attname)
               FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype = 'a') AS "ownedBy",
            i.refobjid AS "identityTable", ia.attname AS "identityColumn",
            CASE WHEN c.relacl IS NULL THEN NULL ELSE ${aclJsonSql('c.relacl', 's', 'c.relowner')} END AS acl
       FROM pg_catalog.pg_sequence s
       JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_catalog.pg_depend i ON i.classid = 'pg_catalog.pg_class'::regclass AND i.objid = c.oid AND i.deptype = 'i'
       LEFT JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.refobjid AND ia.attnum = i.refobjsubid
      WHERE ${userSchema('n')} ORDER BY n.nspname, c.relname`,
  );
  const sequences: PgCopySequence[] = [];
  for (const { identityTable, identityColumn, ...row } of sequenceRows) {
    const [value] = await q<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${row.name}`);
    sequences.push({
      ...row,
      identityOf: identityTable !== null && identityColumn !== null ? { table: identityTable, column: identityColumn } : null,
      lastValue: value!.last_value,
      isCalled: value!.is_called,
    });
  }
  const sqlBody = serverMajor >= 14 ? 'p.prosqlbody IS NOT NULL' : 'false';
  const functions = await q<PgCopyFunction>(
    `SELECT p.oid::regprocedure::text AS signature, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind,
            pg_catalog.pg_get_functiondef(p.oid) AS definition, pg_catalog.pg_get_userbyid(p.proowner) AS owner,
            CASE WHEN p.proacl IS NULL THEN NULL ELSE ${aclJsonSql('p.proacl', 'f', 'p.proowner')} END AS acl,
            (${sqlBody} OR EXISTS (
               SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_type t ON t.oid = d.refobjid
                 LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem
                WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_catalog.pg_type'::regclass
                  AND (t.typrelid <> 0 OR e.typrelid <> 0))) AS late
       FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      WHERE ${userSchema('n')} AND p.prokind IN ('f', 'p', 'w')
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = 'pg_catalog.pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e')
      ORDER BY n.nspname, p.proname, p.oid`,
  );
  const tableRows = await q<Omit<PgCopyTable, 'columns'>>(
    `SELECT c.oid AS oid, c.oid::regclass::text AS name, pg_catalog.pg_get_userbyid(c.relowner) AS owner,
            c.relpersistence = 'u' AS unlogged, c.reloptions AS options, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
            c.relrowsecurity AS "rowSecurity", c.relforcerowsecurity AS "forceRowSecurity",
            CASE WHEN c.relacl IS NULL THEN NULL ELSE ${aclJsonSql('c.relacl', 'r', 'c.relowner')} END AS acl
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND ${userSchema('n')} ORDER BY n.nspname, c.relname`,
  );
  const tableOids = tableRows.map((t) => t.oid);
  const columnRows = await q<PgCopyColumn & { table: number }>(
    `SELECT a.attrelid AS table, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS "notNull", pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "defaultExpr",
            a.attidentity::text AS identity, a.attgenerated::text AS generated,
            CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
              (SELECT pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                 FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)
            END AS collation,
            pg_catalog.col_description(a.attrelid, a.attnum) AS comment
       FROM pg_catalog.pg_attribute a
       JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [tableOids],
  );
  const tables = tableRows.map((table) => ({
    ...table,
    columns: columnRows.filter((c) => c.table === table.oid).map(({ table: _table, ...column }) => column),
  }));
  const constraints = await q<PgCopyCatalog['constraints'][number]>(
    `SELECT co.conrelid::regclass::text AS table, co.conname AS name, co.contype::text AS type, pg_catalog.pg_get_constraintdef(co.oid) AS definition
       FROM pg_catalog.pg_constraint co
      WHERE co.conrelid = ANY($1::oid[]) AND co.contype IN ('p', 'u', 'x', 'c', 'f')
      ORDER BY CASE co.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'x' THEN 2 WHEN 'c' THEN 3 ELSE 4 END, co.conrelid::regclass::text, co.conname`,
    [tableOids],
  );
  const indexes = await q<{ definition: string }>(
    `SELECT pg_catalog.pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ANY($1::oid[])
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co
                         WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x'))
      ORDER BY i.indrelid::regclass::text, ic.relname`,
    [tableOids],
  );
  const viewRows = await q<Omit<PgCopyView, 'dependsOn'>>(
    `SELECT c.oid AS oid, c.oid::regclass::text AS name, pg_catalog.pg_get_viewdef(c.oid) AS definition, c.reloptions AS options,
            pg_catalog.pg_get_userbyid(c.relowner) AS owner, pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
            CASE WHEN c.relacl IS NULL THEN NULL ELSE ${aclJsonSql('c.relacl', 'r', 'c.relowner')} END AS acl
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'v' AND ${userSchema('n')} ORDER BY n.nspname, c.relname`,
  );
  const viewOids = viewRows.map((v) => v.oid);
  const viewDeps = await q<{ view: number; ref: number }>(
    `SELECT DISTINCT r.ev_class AS view, d.refobjid AS ref
       FROM pg_catalog.pg_rewrite r
       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
      WHERE r.ev_class = ANY($1::oid[]) AND d.refobjid <> r.ev_class AND d.refobjid = ANY($1::oid[])`,
    [viewOids],
  );
  const views = viewRows.map((view) => ({ ...view, dependsOn: viewDeps.filter((d) => d.view === view.oid).map((d) => d.ref) }));
  const triggers = await q<PgCopyCatalog['triggers'][number]>(
    `SELECT t.tgrelid::regclass::text AS table, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid) AS definition, t.tgenabled::text AS enabled
       FROM pg_catalog.pg_trigger t
      WHERE NOT t.tgisinternal AND (t.tgrelid = ANY($1::oid[]) OR t.tgrelid = ANY($2::oid[]))
      ORDER BY t.tgrelid::regclass::text, t.tgname`,
    [tableOids, viewOids],
  );
  const policies = await q<PgCopyCatalog['policies'][number]>(
    `SELECT p.polrelid::regclass::text AS table, p.polname AS name, p.polpermissive AS permissive, p.polcmd::text AS command,
            ARRAY(SELECT CASE WHEN r = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(r) END FROM pg_catalog.unnest(p.polroles) r) AS roles,
            pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS "withCheck"
       FROM pg_catalog.pg_policy p WHERE p.polrelid = ANY($1::oid[])
      ORDER BY p.polrelid::regclass::text, p.polname`,
    [tableOids],
  );
  return { schemas, enums, sequences, functions, tables, constraints, indexes: indexes.map((i) => i.definition), views, triggers, policies };
}
