import { sql, type Kysely } from 'kysely';
import { buildSchemaSnapshot } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';

/** `table` in `public`, `schema.table` elsewhere (the SchemaSnapshot naming rule); a table name holding a dot is double-quoted (see tableRef). */
const nameOf = (namespace: string, relation: string) => {
  const table = `case when position('.' in ${relation}.relname) > 0 then '"' || replace(${relation}.relname, '"', '""') || '"' else ${relation}.relname::text end`;
  return `case when ${namespace}.nspname = 'public' then ${table} else ${namespace}.nspname || '.' || ${table} end`;
};

/**
 * Relations of the user's schemas: not pg_catalog, information_schema, pg_toast or temporary schemas
 * (users cannot create `pg_*` schemas), and not objects an extension owns (pg_dump leaves those to the extension).
 */
const userRelation = (relation: string, namespace: string) => `
  ${namespace}.nspname <> 'information_schema' and ${namespace}.nspname not like 'pg\\_%'
  and not exists (select 1 from pg_depend e
                  where e.classid = 'pg_class'::regclass and e.objid = ${relation}.oid and e.deptype = 'e')`;

/** Ordinary and partitioned tables; partitions (children of a partitioned table) are left out. */
const userTable = (relation: string, namespace: string) =>
  `${relation}.relkind in ('r', 'p') and not ${relation}.relispartition and ${userRelation(relation, namespace)}`;

const COLUMNS = (filter: string) => `
  select ${nameOf('n', 'c')} as table_name, a.attnum as position, a.attname as column_name,
         format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable,
         pg_get_expr(d.adbin, d.adrelid) as default_value, a.attidentity as identity, a.attgenerated as generated
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where ${userTable('c', 'n')} ${filter}
  order by 1, 2`;

/** Primary keys and foreign keys, one row per key column (`conparentid = 0`: not the clones PostgreSQL makes for partitions). */
const CONSTRAINTS = (filter: string) => `
  select ${nameOf('n', 'c')} as table_name, con.conname as constraint_name, con.contype as kind,
         k.ord::int as position, a.attname as column_name,
         case when fc.oid is null then null else ${nameOf('fn', 'fc')} end as referenced_table,
         fa.attname as referenced_column, con.confdeltype::text as on_delete
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
  left join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = con.confkey[k.ord]
  where con.contype in ('p', 'f') and con.conparentid = 0 and ${userTable('c', 'n')} ${filter}
  order by 1, 2, 4`;

/** Indexes other than the primary key's, one row per key column (INCLUDE columns left out). */
const INDEXES = (filter: string) => `
  select ${nameOf('n', 'c')} as table_name, ic.relname as index_name, i.indisunique as is_unique,
         k.ord::int as position,
         case when k.attnum <> 0 then a.attname::text else pg_get_indexdef(i.indexrelid, k.ord::int, true) end as column_name
  from pg_index i
  join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_class ic on ic.oid = i.indexrelid
  cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
  left join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  where not i.indisprimary and k.ord <= i.indnkeyatts and ${userTable('c', 'n')} ${filter}
  order by 1, 2, 4`;

const VIEWS = `
  select ${nameOf('n', 'c')} as view_name, c.relkind as kind, pg_get_viewdef(c.oid, true) as definition
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('v', 'm') and ${userRelation('c', 'n')}
  order by 1`;

interface ColumnRow {
  table_name: string;
  position: number | null;
  column_name: string | null;
  type: string | null;
  nullable: boolean | null;
  default_value: string | null;
  identity: string | null;
  generated: string | null;
}

interface ConstraintRow {
  table_name: string;
  constraint_name: string;
  kind: 'p' | 'f';
  position: number;
  column_name: string;
  referenced_table: string | null;
  referenced_column: string | null;
  on_delete: string | null;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: boolean;
  position: number;
  column_name: string;
}

interface ViewRow {
  view_name: string;
  kind: 'v' | 'm';
  definition: string;
}

/**
 * Reads the PostgreSQL schema (tables, columns, primary keys, indexes, foreign keys, views) of every
 * user schema into a dialect-neutral snapshot, leaving out the tables named in `exclude` (and, with
 * `only`, every table not named there). One pg_catalog statement whatever the number of tables
 * (its four parts read as JSON arrays), so one round trip and one snapshot, in a transaction or not.
 *
 * Tables outside `public` are named `schema.table`. Types come from format_type (`character varying(50)`),
 * defaults from pg_get_expr (`nextval('items_id_seq'::regclass)`); identity columns get the default
 * `generated always|by default as identity`, generated columns `generated always as (expr) stored`.
 * Indexes include those behind UNIQUE (and EXCLUDE) constraints, not the primary key's; expression
 * columns read as their expression. Views and materialized views (prefixed `materialized: `) are
 * pg_get_viewdef texts. Left out: partitions of partitioned tables (the parent is kept), objects owned
 * by extensions, sequences, triggers, CHECK constraints, index methods and predicates, comments,
 * privileges, OIDs and statistics.
 *
 * @example
 * const snapshot = await snapshotPostgresSchema(db, ['dihya_migrations'])
 * snapshot.tables['sales.invoices']?.columns.total?.type // 'numeric(12,2)'
 */
export async function snapshotPostgresSchema(db: Kysely<any>, exclude: string[], only?: string[]): Promise<SchemaSnapshot> {
  const filter = only ? `${relationNames(only)} and ${nameOf('n', 'c')} in (${(only.length > 0 ? only : ['']).map(literal).join(', ')})` : '';
  // One statement (one round trip, one snapshot): each part is a JSON array of its rows, in order.
  const part = (query: string) => `(select coalesce(json_agg(q), '[]'::json) from (${query}) q)`;
  const { rows } = await sql
    .raw<{ columns: ColumnRow[]; constraints: ConstraintRow[]; indexes: IndexRow[]; views: ViewRow[] }>(
      `select ${part(COLUMNS(filter))} as columns, ${part(CONSTRAINTS(filter))} as constraints, ${part(INDEXES(filter))} as indexes, ${part(VIEWS)} as views`,
    )
    .execute(db);
  const { columns, constraints, indexes, views } = rows[0]!;

  const keyPart = (row: ConstraintRow) => ({ table: row.table_name, key: row.constraint_name, position: row.position, column: row.column_name });
  return buildSchemaSnapshot(
    {
      tables: columns.map((row) => row.table_name),
      columns: columns.flatMap((row) =>
        row.column_name === null
          ? []
          : [
              {
                table: row.table_name,
                name: row.column_name,
                position: Number(row.position),
                type: row.type ?? '',
                nullable: row.nullable === true,
                default: columnDefault(row),
              },
            ],
      ),
      primaryKeyParts: constraints.filter((row) => row.kind === 'p').map(keyPart),
      indexParts: indexes.map((row) => ({
        table: row.table_name,
        key: row.index_name,
        position: row.position,
        column: row.column_name,
        unique: row.is_unique,
      })),
      foreignKeyParts: constraints
        .filter((row) => row.kind === 'f')
        .map((row) => ({ ...keyPart(row), referencedTable: row.referenced_table ?? '', referencedColumn: row.referenced_column, onDelete: row.on_delete })),
      views: views.map((row) => ({ name: row.view_name, definition: row.kind === 'm' ? `materialized: ${row.definition}` : row.definition })),
    },
    exclude,
  );
}

/**
 * `and c.relname in (…)` for `only` names written plainly (`items`, `sales.items`): pg_class's index
 * on the name finds the few tables asked for, instead of computing every relation's snapshot name
 * (a partial snapshot after each migration of a long history stays cheap). Empty when a name is
 * quoted (it holds a dot), where only the full name comparison can tell.
 */
function relationNames(only: string[]): string {
  if (only.length === 0 || only.some((name) => !/^(?:[^".]+\.)?[^".]+$/.test(name))) return '';
  return `and c.relname in (${only.map((name) => literal(name.slice(name.lastIndexOf('.') + 1))).join(', ')})`;
}

/** An SQL string literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The default, identity or generation expression of a column; `NULL::type` means no default. */
function columnDefault(row: ColumnRow): string | null {
  if (row.identity === 'a') return 'generated always as identity';
  if (row.identity === 'd') return 'generated by default as identity';
  if (row.generated === 's') return `generated always as (${row.default_value}) stored`;
  if (row.default_value === null || /^null(::[\w ."]+(\[\])?)?$/i.test(row.default_value.trim())) return null;
  return row.default_value;
}
