import type pg from 'pg';
import { quotePgIdent } from '../session/pg-sql-text.ts';

/** A relation resolved from a snapshot name (`orders`, `billing.invoices`). */
export interface PgRelation {
  oid: number;
  schema: string;
  name: string;
  /** `r` table, `p` partitioned table, `v` view, `m` materialized view. */
  kind: string;
}

/**
 * Resolves table names as schema snapshots write them (`table` in public, `schema.table`
 * elsewhere) to relations; names that do not exist are left out.
 *
 * @example
 * await resolvePgRelations(client, ['orders', 'billing.invoices'])
 */
export async function resolvePgRelations(client: pg.Client, names: readonly string[]): Promise<PgRelation[]> {
  if (names.length === 0) return [];
  const qualified = names.map((n) => (n.includes('.') ? n.split('.').map(quotePgIdent).join('.') : `public.${quotePgIdent(n)}`));
  const { rows } = await client.query<PgRelation>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM unnest($1::text[]) AS wanted(name)
       JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(wanted.name)
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
    [qualified],
  );
  return rows;
}

/**
 * The views and materialized views that depend on `tables`, directly or through other views:
 * a DROP TABLE … CASCADE of those tables drops them, so a table-scoped backup dumps them too.
 *
 * @example
 * await dependentPgViews(client, [orders.oid]) // [{ schema: 'public', name: 'order_totals', kind: 'v', … }]
 */
export async function dependentPgViews(client: pg.Client, tables: readonly number[]): Promise<PgRelation[]> {
  if (tables.length === 0) return [];
  const { rows } = await client.query<PgRelation>(
    `WITH RECURSIVE deps(oid) AS (
       SELECT unnest($1::oid[])
       UNION
       SELECT v.oid FROM deps d
         JOIN pg_catalog.pg_depend dep ON dep.refobjid = d.oid AND dep.classid = 'pg_catalog.pg_rewrite'::regclass AND dep.deptype = 'n'
         JOIN pg_catalog.pg_rewrite r ON r.oid = dep.objid
         JOIN pg_catalog.pg_class v ON v.oid = r.ev_class AND v.relkind IN ('v', 'm')
        WHERE v.oid <> d.oid)
     SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM deps JOIN pg_catalog.pg_class c ON c.oid = deps.oid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT (c.oid = ANY($1::oid[]))`,
    [tables],
  );
  return rows;
}

/**
 * The statements that add back the foreign keys other tables hold on `tables` (a DROP TABLE …
 * CASCADE removes them): each is added NOT VALID, then validated in a block that only warns when
 * rows written since the backup no longer match (the restore must not fail for them).
 *
 * @example
 * const sql = await externalPgForeignKeysSql(client, [orders.oid]) // 'ALTER TABLE ONLY public.lines ADD CONSTRAINT … NOT VALID; DO $v$ …'
 */
export async function externalPgForeignKeysSql(client: pg.Client, tables: readonly number[]): Promise<string> {
  if (tables.length === 0) return '';
  const { rows } = await client.query<{ tbl: string; name: string; def: string }>(
    `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS tbl, con.conname AS name,
            pg_catalog.regexp_replace(pg_catalog.pg_get_constraintdef(con.oid), '\\s+NOT VALID$', '') AS def
       FROM pg_catalog.pg_constraint con
       JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'f' AND con.conparentid = 0 AND con.confrelid = ANY($1::oid[]) AND NOT (con.conrelid = ANY($1::oid[]))
      ORDER BY 1, 2`,
    [tables],
  );
  return rows
    .map((fk) => {
      const constraint = quotePgIdent(fk.name);
      return (
        `ALTER TABLE ONLY ${fk.tbl} ADD CONSTRAINT ${constraint} ${fk.def} NOT VALID;\n` +
        `DO $dihya_fk$ BEGIN ALTER TABLE ONLY ${fk.tbl} VALIDATE CONSTRAINT ${constraint}; ` +
        `EXCEPTION WHEN foreign_key_violation THEN RAISE WARNING 'dihya-migrate: foreign key % of % left NOT VALID: rows written since the backup point to removed rows', ${quoteLiteral(fk.name)}, ${quoteLiteral(fk.tbl)}; END $dihya_fk$;\n`
      );
    })
    .join('');
}

/** A pg_dump `--table` pattern matching exactly this relation (quoted, so no wildcard or case folding). */
export function pgDumpPattern(relation: Pick<PgRelation, 'schema' | 'name'>): string {
  return `${quotePgIdent(relation.schema)}.${quotePgIdent(relation.name)}`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
