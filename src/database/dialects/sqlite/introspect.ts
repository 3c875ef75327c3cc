import { sql, type Kysely } from 'kysely';
import { buildSchemaSnapshot, normalizeSqlText, type CatalogForeignKeyPart } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';

interface ColumnRow {
  table_name: string;
  position: number;
  column_name: string;
  type: string;
  not_null: number;
  default_value: string | null;
  pk_position: number;
  hidden: number;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  is_unique: number;
  position: number;
  column_name: string | null;
}

interface ForeignKeyRow {
  table_name: string;
  id: number;
  position: number;
  referenced_table: string;
  column_name: string;
  referenced_column: string | null;
  on_delete: string | null;
}

interface ViewRow {
  name: string;
  sql: string;
}

/**
 * Reads the SQLite schema (tables, columns, primary keys, indexes, foreign keys, views) into a
 * dialect-neutral snapshot, leaving out the tables named in `exclude` (and, with `only`, every table
 * not named there). Four queries whatever the number of tables: sqlite_master joined with the pragma table-valued functions.
 *
 * Types are the declared ones (lower case, `''` when none); `nullable` is the NOT NULL flag as declared
 * (an `integer primary key` reads nullable, as SQLite reports it); generated columns get the default
 * `generated virtual` / `generated stored`. The index behind a PRIMARY KEY is left out, those behind
 * UNIQUE constraints are kept (`sqlite_autoindex_<table>_<n>`); expression index columns read
 * `(expression)`. SQLite does not name foreign keys, so they are named `<table>_<columns>_fkey` as
 * PostgreSQL would. A view's definition is its CREATE VIEW text after `AS`.
 * Left out: sqlite_* tables (AUTOINCREMENT counters, statistics), triggers, CHECK constraints,
 * partial index predicates, ON DELETE/UPDATE actions, the AUTOINCREMENT keyword.
 *
 * @example
 * const snapshot = await snapshotSqliteSchema(db, ['dihya_migrations', 'dihya_migrations_lock'])
 * snapshot.tables.items?.primaryKey // ['id']
 */
export async function snapshotSqliteSchema(db: Kysely<any>, exclude: string[], only?: string[]): Promise<SchemaSnapshot> {
  const m = await tableSource(db, only);
  const { rows: columns } = await sql<ColumnRow>`
    select m.name as table_name, c.cid as position, c.name as column_name, c.type as type,
           c."notnull" as not_null, c.dflt_value as default_value, c.pk as pk_position, c.hidden as hidden
    from ${m} m join pragma_table_xinfo(m.name) c
    where c.hidden <> 1
    order by m.name, c.cid`.execute(db);
  const { rows: indexes } = await sql<IndexRow>`
    select m.name as table_name, il.name as index_name, il."unique" as is_unique,
           ii.seqno as position, ii.name as column_name
    from ${m} m join pragma_index_list(m.name) il join pragma_index_info(il.name) ii
    where il.origin <> 'pk'
    order by m.name, il.name, ii.seqno`.execute(db);
  const { rows: foreignKeys } = await sql<ForeignKeyRow>`
    select m.name as table_name, f.id as id, f.seq as position, f."table" as referenced_table,
           f."from" as column_name, f."to" as referenced_column, f.on_delete as on_delete
    from ${m} m join pragma_foreign_key_list(m.name) f
    order by m.name, f.id, f.seq`.execute(db);
  const { rows: views } = await sql<ViewRow>`
    select name, sql from sqlite_master where type = 'view' order by name`.execute(db);

  return buildSchemaSnapshot(
    {
      columns: columns.map((row) => ({
        table: row.table_name,
        name: row.column_name,
        position: Number(row.position),
        type: row.type,
        nullable: Number(row.not_null) === 0,
        default: row.hidden === 2 ? 'generated virtual' : row.hidden === 3 ? 'generated stored' : row.default_value,
      })),
      primaryKeyParts: columns
        .filter((row) => Number(row.pk_position) > 0)
        .map((row) => ({ table: row.table_name, key: 'primary', position: Number(row.pk_position), column: row.column_name })),
      indexParts: indexes.map((row) => ({
        table: row.table_name,
        key: row.index_name,
        position: Number(row.position),
        column: row.column_name ?? '(expression)',
        unique: Number(row.is_unique) === 1,
      })),
      foreignKeyParts: nameForeignKeys(foreignKeys),
      views: views.map((row) => ({ name: row.name, definition: viewBody(row.sql) })),
    },
    exclude,
  );
}

/**
 * The tables to read, as a row source with a `name` column: every user table, or with `only` the
 * tables of those names (case ignored), found with one scan of sqlite_master and then listed as
 * literals so the three pragma queries do not scan it again.
 */
async function tableSource(db: Kysely<any>, only: string[] | undefined) {
  const userTables = sql`select name from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_'`;
  if (!only) return sql`(${userTables})`;
  if (only.length === 0) return sql`(select '' as name where 0)`;
  const { rows } = await sql<{ name: string }>`${userTables} and lower(name) in (${sql.join(only.map((t) => t.toLowerCase()))})`.execute(db);
  if (rows.length === 0) return sql`(select '' as name where 0)`;
  return sql`(${sql.join(
    rows.map((r) => sql`select ${r.name} as name`),
    sql` union all `,
  )})`;
}

/**
 * Gives SQLite's unnamed foreign keys the name PostgreSQL would choose, `<table>_<columns>_fkey`,
 * numbered `_2`, `_3`… in a content order when two foreign keys share columns.
 */
function nameForeignKeys(rows: ForeignKeyRow[]): CatalogForeignKeyPart[] {
  const groups = new Map<string, ForeignKeyRow[]>();
  for (const row of rows) {
    const key = `${row.table_name}\u0000${row.id}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const byContent = [...groups.values()]
    .map((parts) => parts.sort((a, b) => Number(a.position) - Number(b.position)))
    .map((parts) => ({ parts, content: JSON.stringify(parts.map((p) => [p.column_name, p.referenced_table, p.referenced_column])) }))
    .sort((a, b) => (a.content < b.content ? -1 : a.content > b.content ? 1 : 0));
  const used = new Set<string>();
  const named: CatalogForeignKeyPart[] = [];
  for (const { parts } of byContent) {
    const table = parts[0]!.table_name;
    const base = `${table}_${parts.map((part) => part.column_name).join('_')}_fkey`;
    let name = base;
    for (let n = 2; used.has(`${table}\u0000${name}`); n++) name = `${base}_${n}`;
    used.add(`${table}\u0000${name}`);
    for (const part of parts) {
      named.push({
        table,
        key: name,
        position: Number(part.position),
        column: part.column_name,
        referencedTable: part.referenced_table,
        onDelete: part.on_delete,
        referencedColumn: part.referenced_column,
      });
    }
  }
  return named;
}

/** `CREATE VIEW name AS select …` -> `select …` (the whole text when it has a column list or is unusual). */
function viewBody(createSql: string): string {
  const text = normalizeSqlText(createSql);
  const match = /^create (?:temp |temporary )?view (?:if not exists )?(?:"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[^\s("`[]+) ?as /.exec(text);
  return match ? text.slice(match[0].length) : text;
}
