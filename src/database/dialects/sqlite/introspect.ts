import { sql, type Kysely } from 'kysely';
import { buildSchemaSnapshot, normalizeSqlText, type CatalogForeignKeyPart } from '../../build-schema-snapshot.ts';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';
import { ShapedQueries } from '../../shaped-queries.ts';
import type { SnapshotOptions } from '../../target.ts';

/**
 * One row of the single catalog query: `kind` says which part of the schema it describes
 * (`c` column, `i` index column, `f` foreign key column, `v` view); the other fields are that
 * part's, by position (see {@link catalogQuery}).
 */
interface CatalogRow {
  kind: 'c' | 'i' | 'f' | 'v';
  table_name: string;
  /** c: cid · i: seqno · f: seq. */
  position: number | null;
  /** c: column name · i: index name · f: referenced table · v: CREATE VIEW text. */
  name: string;
  /** c: declared type · i, f: column name (null for an index expression). */
  detail: string | null;
  /** c: NOT NULL flag · i: unique flag · f: foreign key id. */
  flag: number | null;
  /** c: default value · f: referenced column. */
  extra: string | null;
  /** c: primary key position. */
  pk_position: number | null;
  /** c: hidden (2 generated virtual, 3 generated stored). */
  hidden: number | null;
  /** f: ON DELETE action. */
  on_delete: string | null;
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

/**
 * Reads the SQLite schema (tables, columns, primary keys, indexes, foreign keys, views) into a
 * dialect-neutral snapshot, leaving out the tables named in `exclude` (and, with `only`, every table
 * not named there). One statement whatever the number of tables: the tables (sqlite_master, or with
 * `only` a lookup by name in `pragma_table_list`, which does not read the stored schema) joined with
 * the pragma table-valued functions, and the views, as one UNION ALL. With `views: false` the views
 * are not read (the snapshot holds none): sqlite_master is then not scanned at all.
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
export async function snapshotSqliteSchema(db: Kysely<any>, exclude: string[], only?: string[], options: SnapshotOptions = {}): Promise<SchemaSnapshot> {
  const names = only && [...new Set(only.map((t) => t.toLowerCase()))];
  const views = options.views !== false;
  const shape = `${names ? names.length : 'all'} tables${views ? ', views' : ''}`;
  const { rows } = await CATALOG_QUERIES.execute(db, shape, names ?? [], () => catalogQuery(names, views).compile(db));
  const of = (kind: CatalogRow['kind']) => rows.filter((row) => row.kind === kind);
  const columns = of('c');
  return buildSchemaSnapshot(
    {
      columns: columns.map((row) => ({
        table: row.table_name,
        name: row.name,
        position: Number(row.position),
        type: row.detail ?? '',
        nullable: Number(row.flag) === 0,
        default: row.hidden === 2 ? 'generated virtual' : row.hidden === 3 ? 'generated stored' : row.extra,
      })),
      primaryKeyParts: columns
        .filter((row) => Number(row.pk_position) > 0)
        .map((row) => ({ table: row.table_name, key: 'primary', position: Number(row.pk_position), column: row.name })),
      indexParts: of('i').map((row) => ({
        table: row.table_name,
        key: row.name,
        position: Number(row.position),
        column: row.detail ?? '(expression)',
        unique: Number(row.flag) === 1,
      })),
      foreignKeyParts: nameForeignKeys(
        of('f').map((row) => ({
          table_name: row.table_name,
          id: Number(row.flag),
          position: Number(row.position),
          referenced_table: row.name,
          column_name: row.detail ?? '',
          referenced_column: row.extra,
          on_delete: row.on_delete,
        })),
      ),
      views: of('v').map((row) => ({ name: row.table_name, definition: viewBody(row.name) })),
    },
    exclude,
  );
}

/**
 * The catalog statement of each shape (how many names, views or not), compiled once: its text is
 * the same for every SQLite database, so the prepared statement is reused from one migration to the next.
 */
const CATALOG_QUERIES = new ShapedQueries();

/**
 * The one catalog statement: columns, index columns and foreign key columns of the tables of
 * {@link tableSource} (`names`: lower case, without repeats), then (unless `views` is false) the views.
 */
function catalogQuery(names: string[] | undefined, views: boolean) {
  return sql<CatalogRow>`
    with m as materialized (${tableSource(names)})
    select 'c' as kind, m.name as table_name, c.cid as position, c.name as name, c.type as detail,
           c."notnull" as flag, c.dflt_value as extra, c.pk as pk_position, c.hidden as hidden, null as on_delete
    from m join pragma_table_xinfo(m.name) c
    where c.hidden <> 1
    union all
    select 'i', m.name, ii.seqno, il.name, ii.name, il."unique", null, null, null, null
    from m join pragma_index_list(m.name) il join pragma_index_info(il.name) ii
    where il.origin <> 'pk'
    union all
    select 'f', m.name, f.seq, f."table", f."from", f.id, f."to", null, null, f.on_delete
    from m join pragma_foreign_key_list(m.name) f
    ${views ? sql`union all select 'v', name, null, sql, null, null, null, null, null, null from sqlite_master where type = 'view'` : sql``}`;
}

/**
 * The tables to read, as a row source with a `name` column: every user table (from
 * sqlite_master), or the tables of those `names`, case ignored, under their real
 * names. `pragma_table_list(name)` finds a table in the schema SQLite holds in memory; a scan of
 * sqlite_master would read every table's stored definition, once per migration. Its types:
 * `table`, `virtual` and `shadow` are all tables in sqlite_master.
 */
function tableSource(names: string[] | undefined) {
  const userTable = sql`substr(name, 1, 7) <> 'sqlite_'`;
  if (!names) return sql`select name from sqlite_master where type = 'table' and ${userTable}`;
  if (names.length === 0) return sql`select '' as name where 0`;
  return sql.join(
    names.map((name) => sql`select name from pragma_table_list(${name}) where schema = 'main' and type <> 'view' and ${userTable}`),
    sql` union `,
  );
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
