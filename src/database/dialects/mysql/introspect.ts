import { sql, type Kysely } from 'kysely';
import { buildSchemaSnapshot } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';

/** Base tables of the current database (MariaDB's system-versioned ones too; not views or sequences). */
const BASE_TABLES = sql`
  select table_name from information_schema.tables
  where table_schema = database() and table_type in ('BASE TABLE', 'SYSTEM VERSIONED')`;

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
 * Reads the MariaDB/MySQL schema (tables, columns, primary keys, indexes, foreign keys, views) of the
 * current `database()` into a dialect-neutral snapshot, leaving out the tables named in `exclude`
 * (and, with `only`, every table not named there).
 * Five information_schema queries whatever the number of tables.
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
  const onlyTables = (column: string) => (only ? sql`and ${sql.ref(column)} in (${sql.join(only.length > 0 ? only : [''])})` : sql``);
  const { rows: columns } = await sql<ColumnRow>`
    select c.table_name as table_name, c.column_name as column_name, c.ordinal_position as position,
           c.column_type as column_type, c.is_nullable as is_nullable, c.column_default as column_default,
           c.extra as extra, c.generation_expression as generation_expression
    from information_schema.columns c
    where c.table_schema = database() and c.table_name in (${BASE_TABLES}) ${onlyTables('c.table_name')}
    order by c.table_name, c.ordinal_position`.execute(db);
  const { rows: indexes } = await sql<IndexRow>`
    select s.table_name as table_name, s.index_name as index_name, s.non_unique as non_unique,
           s.seq_in_index as position, s.column_name as column_name, s.sub_part as sub_part
    from information_schema.statistics s
    where s.table_schema = database() and s.table_name in (${BASE_TABLES}) ${onlyTables('s.table_name')}
    order by s.table_name, s.index_name, s.seq_in_index`.execute(db);
  const { rows: foreignKeys } = await sql<ForeignKeyRow>`
    select k.table_name as table_name, k.constraint_name as constraint_name, k.ordinal_position as position,
           k.column_name as column_name, k.referenced_table_schema as referenced_schema,
           k.referenced_table_name as referenced_table, k.referenced_column_name as referenced_column, r.delete_rule as on_delete
    from information_schema.key_column_usage k
    left join information_schema.referential_constraints r on r.constraint_schema = k.table_schema and r.constraint_name = k.constraint_name and r.table_name = k.table_name
    where k.table_schema = database() and k.referenced_table_name is not null ${onlyTables('k.table_name')}
    order by k.table_name, k.constraint_name, k.ordinal_position`.execute(db);
  const { rows: views } = await sql<ViewRow>`
    select v.table_name as view_name, v.view_definition as definition
    from information_schema.views v
    where v.table_schema = database()
    order by v.table_name`.execute(db);
  const { rows: current } = await sql<{ name: string }>`select database() as name`.execute(db);
  const database = current[0]?.name ?? '';

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
