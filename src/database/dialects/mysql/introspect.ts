import { sql, type Kysely, type RawBuilder } from 'kysely';
import { buildSchemaSnapshot } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';

/** Table types that are tables (MariaDB's system-versioned ones too; not views or sequences). */
const BASE_TABLE_TYPES = new Set(['BASE TABLE', 'SYSTEM VERSIONED']);

interface ColumnRow {
  table_name: string;
  column_name: string;
  position: number;
  column_type: string;
  is_nullable: string;
  column_default: string | null;
  extra: string | null;
  generation_expression: string | null;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  non_unique: number;
  position: number;
  column_name: string | null;
  sub_part: number | null;
}

interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  position: number;
  column_name: string;
  referenced_schema: string;
  referenced_table: string;
  referenced_column: string;
  on_delete: string | null;
}

interface ViewRow {
  view_name: string;
  definition: string;
}

/**
 * One row of the snapshot's single statement; `kind` says which catalog it comes from and what
 * the generic columns hold (see CATALOG): `t` table, `c` column, `i` index part, `f` foreign key
 * part, `r` foreign key's delete rule, `v` view, `d` the current database's name.
 */
interface CatalogRow {
  kind: 't' | 'c' | 'i' | 'f' | 'r' | 'v' | 'd';
  table_name: string | null;
  name: string | null;
  position: number | string | null;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
}

/**
 * The whole catalog read in one statement (one round trip). Every part names the schema
 * (`database()`) and, with `only`, the tables as constants: MariaDB then opens only those tables'
 * definitions instead of every table's (a join between two information_schema tables would lose
 * that and read them all).
 */
const CATALOG = (only: (column: string) => RawBuilder<unknown>) => sql<CatalogRow>`
  select 't' as kind, t.table_name as table_name, null as name, null as position, t.table_type as a, null as b, null as c, null as d, null as e
    from information_schema.tables t where t.table_schema = database() ${only('t.table_name')}
  union all
  select 'c', c.table_name, c.column_name, c.ordinal_position, c.column_type, c.is_nullable, c.column_default, c.extra, c.generation_expression
    from information_schema.columns c where c.table_schema = database() ${only('c.table_name')}
  union all
  select 'i', s.table_name, s.index_name, s.seq_in_index, s.non_unique, s.column_name, s.sub_part, null, null
    from information_schema.statistics s where s.table_schema = database() ${only('s.table_name')}
  union all
  select 'f', k.table_name, k.constraint_name, k.ordinal_position, k.column_name, k.referenced_table_schema, k.referenced_table_name, k.referenced_column_name, null
    from information_schema.key_column_usage k where k.table_schema = database() and k.referenced_table_name is not null ${only('k.table_name')}
  union all
  select 'r', r.table_name, r.constraint_name, null, r.delete_rule, null, null, null, null
    from information_schema.referential_constraints r where r.constraint_schema = database() ${only('r.table_name')}
  union all
  select 'v', v.table_name, null, null, v.view_definition, null, null, null, null
    from information_schema.views v where v.table_schema = database()
  union all
  select 'd', database(), null, null, null, null, null, null, null`;

/**
 * Reads the MariaDB/MySQL schema (tables, columns, primary keys, indexes, foreign keys, views) of the
 * current `database()` into a dialect-neutral snapshot, leaving out the tables named in `exclude`
 * (and, with `only`, every table not named there).
 * One statement whatever the number of tables (see CATALOG).
 *
 * Types are COLUMN_TYPE (`int(11)`, `varchar(50)`, `bigint(20) unsigned`, `enum('a','b')`); defaults are
 * COLUMN_DEFAULT as MariaDB quotes it (`'active'`, `0`, `current_timestamp()`), followed by
 * `on update …` when there is one; `auto_increment` columns get the default `auto_increment` (the
 * counter itself is left out), generated columns `generated always as (expr) virtual|stored`. Index
 * columns with a prefix length read `name(10)`; PRIMARY is the primary key, not an index. A
 * foreign key to another database names its table `db.table`. View definitions lose the
 * `` `current_db`. `` qualifiers so they survive a restore under another name. Left out: sequences,
 * triggers, CHECK constraints, character sets and collations, engines, comments, AUTO_INCREMENT
 * counters, statistics. Written for MariaDB 10.2.7+ (MySQL 8 does not quote literal defaults).
 *
 * @example
 * const snapshot = await snapshotMysqlSchema(db, ['dihya_migrations'])
 * snapshot.tables.items?.columns.id // { type: 'int(11)', nullable: false, default: 'auto_increment' }
 */
export async function snapshotMysqlSchema(db: Kysely<any>, exclude: string[], only?: string[]): Promise<SchemaSnapshot> {
  const onlyTables = (column: string): RawBuilder<unknown> => (only ? sql`and ${sql.ref(column)} in (${sql.join(only.length > 0 ? only : [''])})` : sql``);
  const { rows } = await CATALOG(onlyTables).execute(db);
  const database = rows.find((row) => row.kind === 'd')?.table_name ?? '';
  const baseTables = new Set(rows.filter((row) => row.kind === 't' && BASE_TABLE_TYPES.has(row.a ?? '')).map((row) => row.table_name));
  const ofBaseTable = (row: CatalogRow) => baseTables.has(row.table_name);
  const deleteRules = new Map(rows.filter((row) => row.kind === 'r').map((row) => [`${row.table_name}\u0000${row.name}`, row.a]));
  const columns: ColumnRow[] = rows
    .filter((row) => row.kind === 'c' && ofBaseTable(row))
    .map((row) => ({
      table_name: row.table_name!,
      column_name: row.name!,
      position: Number(row.position),
      column_type: row.a ?? '',
      is_nullable: row.b ?? '',
      column_default: row.c,
      extra: row.d,
      generation_expression: row.e,
    }));
  const indexes: IndexRow[] = rows
    .filter((row) => row.kind === 'i' && ofBaseTable(row))
    .map((row) => ({
      table_name: row.table_name!,
      index_name: row.name!,
      non_unique: Number(row.a),
      position: Number(row.position),
      column_name: row.b,
      sub_part: row.c === null ? null : Number(row.c),
    }));
  const foreignKeys: ForeignKeyRow[] = rows
    .filter((row) => row.kind === 'f')
    .map((row) => ({
      table_name: row.table_name!,
      constraint_name: row.name!,
      position: Number(row.position),
      column_name: row.a!,
      referenced_schema: row.b!,
      referenced_table: row.c!,
      referenced_column: row.d!,
      on_delete: deleteRules.get(`${row.table_name}\u0000${row.name}`) ?? null,
    }));
  const views: ViewRow[] = rows.filter((row) => row.kind === 'v').map((row) => ({ view_name: row.table_name!, definition: row.a ?? '' }));

  const indexPart = (row: IndexRow) => ({
    table: row.table_name,
    key: row.index_name,
    position: Number(row.position),
    column: row.column_name === null ? '(expression)' : row.sub_part === null ? row.column_name : `${row.column_name}(${row.sub_part})`,
    unique: Number(row.non_unique) === 0,
  });
  return buildSchemaSnapshot(
    {
      columns: columns.map((row) => ({
        table: row.table_name,
        name: row.column_name,
        position: Number(row.position),
        type: row.column_type,
        nullable: row.is_nullable === 'YES',
        default: columnDefault(row),
      })),
      primaryKeyParts: indexes.filter((row) => row.index_name === 'PRIMARY').map(indexPart),
      indexParts: indexes.filter((row) => row.index_name !== 'PRIMARY').map(indexPart),
      foreignKeyParts: foreignKeys.map((row) => ({
        table: row.table_name,
        key: row.constraint_name,
        position: Number(row.position),
        column: row.column_name,
        referencedTable: row.referenced_schema === database ? row.referenced_table : `${row.referenced_schema}.${row.referenced_table}`,
        referencedColumn: row.referenced_column,
        onDelete: row.on_delete,
      })),
      views: views.map((row) => ({ name: row.view_name, definition: row.definition.split(`\`${database.replaceAll('`', '``')}\`.`).join('') })),
    },
    exclude,
  );
}

/** COLUMN_DEFAULT with what EXTRA adds: auto_increment, generation expression, ON UPDATE. */
function columnDefault(row: ColumnRow): string | null {
  const extra = (row.extra ?? '').toLowerCase();
  if (extra.includes('auto_increment')) return 'auto_increment';
  const generated = /\b(virtual|stored|persistent) generated\b/.exec(extra);
  if (generated) return `generated always as (${row.generation_expression ?? ''}) ${generated[1] === 'virtual' ? 'virtual' : 'stored'}`;
  const value = row.column_default === null || row.column_default.toUpperCase() === 'NULL' ? null : row.column_default;
  const onUpdate = /\bon update (.+)$/.exec(extra)?.[1];
  if (!onUpdate) return value;
  return value === null ? `on update ${onUpdate}` : `${value} on update ${onUpdate}`;
}
