import { CompiledQuery, type Kysely } from 'kysely';
import { buildSchemaSnapshot } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';
import { preparedOnEachSession } from './prepared-statements.ts';

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

/**
 * The user tables the snapshot reads (see userTable), with their snapshot names: computed once
 * (a materialized CTE), so each part below joins this short list instead of planning the same
 * catalog joins again.
 */
const TABLES = (filter: string) => `
  select c.oid, ${nameOf('n', 'c')} as table_name
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where ${userTable('c', 'n')} ${filter}`;

const COLUMNS = `
  select t.table_name, a.attnum as position, a.attname as column_name,
         format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable,
         (select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d where d.adrelid = a.attrelid and d.adnum = a.attnum) as default_value,
         a.attidentity as identity, a.attgenerated as generated
  from t
  left join pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
  order by 1, 2`;

/** Primary keys and foreign keys, one row per key column (`conparentid = 0`: not the clones PostgreSQL makes for partitions). */
const CONSTRAINTS = `
  select t.table_name, con.conname as constraint_name, con.contype as kind,
         k.ord::int as position,
         (select a.attname from pg_attribute a where a.attrelid = con.conrelid and a.attnum = k.attnum) as column_name,
         (select ${nameOf('fn', 'fc')} from pg_class fc join pg_namespace fn on fn.oid = fc.relnamespace where fc.oid = con.confrelid) as referenced_table,
         (select fa.attname from pg_attribute fa where fa.attrelid = con.confrelid and fa.attnum = con.confkey[k.ord]) as referenced_column,
         con.confdeltype::text as on_delete
  from t
  join pg_constraint con on con.conrelid = t.oid
  cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
  where con.contype in ('p', 'f') and con.conparentid = 0
  order by 1, 2, 4`;

/** Indexes other than the primary key's, one row per key column (INCLUDE columns left out). */
const INDEXES = `
  select t.table_name, (select ic.relname from pg_class ic where ic.oid = i.indexrelid) as index_name,
         i.indisunique as is_unique, k.ord::int as position,
         case when k.attnum <> 0 then (select a.attname::text from pg_attribute a where a.attrelid = i.indrelid and a.attnum = k.attnum)
              else pg_get_indexdef(i.indexrelid, k.ord::int, true) end as column_name
  from t
  join pg_index i on i.indrelid = t.oid
  cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
  where not i.indisprimary and k.ord <= i.indnkeyatts
  order by 1, 2, 4`;

const VIEWS = `
  select ${nameOf('n', 'c')} as view_name, c.relkind as kind, pg_get_viewdef(c.oid, true) as definition
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('v', 'm') and ${userRelation('c', 'n')}
  order by 1`;

/**
 * One statement (one round trip, one snapshot): each part is a JSON array of its rows, in order. The tables are
 * found once (TABLES); lookups of names (columns, referenced tables, index names) are scalar subqueries: small
 * joins plan in a fraction of the time.
 */
function snapshotSql(filter: string): string {
  const part = (query: string) => `(select coalesce(json_agg(q), '[]'::json) from (${query}) q)`;
  return `with t as materialized (${TABLES(filter)})
       select ${part(COLUMNS)} as columns, ${part(CONSTRAINTS)} as constraints, ${part(INDEXES)} as indexes, ${part(VIEWS)} as views`;
}

/** The snapshot of the tables named in $2 (their pg_class names in $1, see relationNames). */
const SNAPSHOT_OF_TABLES = preparedOnEachSession(snapshotSql(`and c.relname = any($1::name[]) and ${nameOf('n', 'c')} = any($2::text[])`));

interface SnapshotRow {
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  views: ViewRow[];
}

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
  // With `only`, the relation names go first (pg_class's index on relname), so the cost follows the
  // tables asked for, not the schema's size; they are parameters of a statement prepared on each
  // session (it runs after every migration: planning it was most of its time).
  const { rows } = await db.executeQuery<SnapshotRow>(
    only ? CompiledQuery.raw(SNAPSHOT_OF_TABLES, [relationNames(only.length > 0 ? only : ['']), only]) : CompiledQuery.raw(snapshotSql('')),
  );
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
 * The pg_class.relname each snapshot name may stand for: `orders`, `sales.orders` and `"a.b"`
 * (a name holding a dot) name the relations `orders`, `orders` and `a.b`. A superset is fine:
 * the exact snapshot name is compared as well.
 */
function relationNames(names: string[]): string[] {
  const relnames = new Set<string>();
  for (const name of names) {
    relnames.add(name);
    const quoted = /"((?:[^"]|"")*)"$/.exec(name);
    if (quoted) relnames.add(quoted[1]!.replaceAll('""', '"'));
    else relnames.add(name.slice(name.lastIndexOf('.') + 1));
  }
  return [...relnames];
}

/** The default, identity or generation expression of a column; `NULL::type` means no default. */
function columnDefault(row: ColumnRow): string | null {
  if (row.identity === 'a') return 'generated always as identity';
  if (row.identity === 'd') return 'generated by default as identity';
  if (row.generated === 's') return `generated always as (${row.default_value}) stored`;
  if (row.default_value === null || /^null(::[\w ."]+(\[\])?)?$/i.test(row.default_value.trim())) return null;
  return row.default_value;
}
