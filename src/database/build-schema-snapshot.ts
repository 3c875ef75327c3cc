import type { ForeignKeySnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from './schema-snapshot.ts';

/** One column of a table, as a dialect's catalog query returns it. */
export interface CatalogColumn {
  table: string;
  name: string;
  /** Ordinal position in the table (any increasing numbers). */
  position: number;
  type: string;
  nullable: boolean;
  default: string | null;
}

/** One column of a primary key, index or foreign key, with its position in that key. */
export interface CatalogKeyPart {
  table: string;
  /** The index or constraint name (ignored for primary keys). */
  key: string;
  position: number;
  /** A column name, or an expression text for expression indexes. */
  column: string;
}

export interface CatalogIndexPart extends CatalogKeyPart {
  unique: boolean;
}

export interface CatalogForeignKeyPart extends CatalogKeyPart {
  referencedTable: string;
  /** Null when the database leaves it implicit (the referenced table's primary key, SQLite). */
  referencedColumn: string | null;
  /** ON DELETE action as the catalog spells it (`CASCADE`, `SET NULL`, `c`, `n`…), when it reports one. */
  onDelete?: string | null;
}

export interface CatalogView {
  name: string;
  definition: string;
}

/** The flat rows a dialect reads from its catalog; `buildSchemaSnapshot` groups, normalizes and sorts them. */
export interface CatalogRows {
  /** Tables, including any without columns; tables named in `columns` need not be repeated. */
  tables?: string[];
  columns: CatalogColumn[];
  primaryKeyParts: CatalogKeyPart[];
  indexParts: CatalogIndexPart[];
  foreignKeyParts: CatalogForeignKeyPart[];
  views: CatalogView[];
}

/**
 * Turns a dialect's flat catalog rows into a deterministic SchemaSnapshot: tables, indexes,
 * foreign keys and views in name order, columns in table order, key columns in key order,
 * types, defaults and view definitions normalized with `normalizeSqlText`, the tables
 * (and views) named in `exclude` left out.
 *
 * @example
 * buildSchemaSnapshot({
 *   columns: [{ table: 'items', name: 'id', position: 1, type: 'INTEGER', nullable: false, default: null }],
 *   primaryKeyParts: [{ table: 'items', key: 'pk', position: 1, column: 'id' }],
 *   indexParts: [], foreignKeyParts: [], views: [],
 * }, [])
 * // { tables: { items: { columns: { id: { type: 'integer', nullable: false, default: null } },
 * //   primaryKey: ['id'], indexes: {}, foreignKeys: {} } }, views: {} }
 */
export function buildSchemaSnapshot(rows: CatalogRows, exclude: string[]): SchemaSnapshot {
  const excluded = new Set(exclude);
  const tables = new Map<string, TableSnapshot>();
  const tableOf = (name: string): TableSnapshot => {
    let table = tables.get(name);
    if (!table) {
      table = { columns: {}, primaryKey: [], indexes: {}, foreignKeys: {} };
      tables.set(name, table);
    }
    return table;
  };

  for (const name of rows.tables ?? []) tableOf(name);
  for (const column of [...rows.columns].sort((a, b) => compareText(a.table, b.table) || a.position - b.position)) {
    const text = column.default === null ? null : normalizeSqlText(column.default);
    tableOf(column.table).columns[column.name] = {
      type: normalizeSqlText(column.type),
      nullable: column.nullable,
      default: text === null || text === 'null' ? null : text,
    };
  }
  for (const [, parts] of groupKeyParts(rows.primaryKeyParts, (part) => part.table)) {
    const table = tables.get(parts[0]!.table);
    if (table) table.primaryKey = parts.map((part) => part.column);
  }
  for (const [, parts] of groupKeyParts(rows.indexParts, (part) => `${part.table}\u0000${part.key}`)) {
    const first = parts[0]!;
    const table = tables.get(first.table);
    if (table) table.indexes[first.key] = { columns: parts.map((part) => part.column), unique: first.unique };
  }
  for (const [, parts] of groupKeyParts(rows.foreignKeyParts, (part) => `${part.table}\u0000${part.key}`)) {
    const first = parts[0]!;
    const table = tables.get(first.table);
    if (!table) continue;
    const implicit = parts.some((part) => part.referencedColumn === null);
    const onDelete = deleteAction(first.onDelete);
    table.foreignKeys[first.key] = {
      columns: parts.map((part) => part.column),
      references: {
        table: first.referencedTable,
        columns: implicit ? [...(tables.get(first.referencedTable)?.primaryKey ?? [])] : parts.map((part) => part.referencedColumn!),
      },
      ...(onDelete ? { onDelete } : {}),
    };
  }

  const snapshot: SchemaSnapshot = { tables: {}, views: {} };
  for (const name of [...tables.keys()].sort(compareText)) {
    if (excluded.has(name)) continue;
    const table = tables.get(name)!;
    snapshot.tables[name] = {
      columns: table.columns,
      primaryKey: table.primaryKey,
      indexes: sortedRecord<IndexSnapshot>(table.indexes),
      foreignKeys: sortedRecord<ForeignKeySnapshot>(table.foreignKeys),
    };
  }
  for (const view of [...rows.views].sort((a, b) => compareText(a.name, b.name))) {
    if (!excluded.has(view.name)) snapshot.views[view.name] = normalizeSqlText(view.definition);
  }
  return snapshot;
}

/**
 * Normalizes SQL text the database reports (a type, a default, a view definition) so that
 * equal schemas compare equal: lower case and single spaces outside quotes ('…', "…", `…`),
 * quoted text kept exactly, no surrounding spaces and no trailing semicolon.
 *
 * @example
 * normalizeSqlText("SELECT  Name,\n 'Hi There' FROM \"Items\";") // "select name, 'Hi There' from \"Items\""
 */
export function normalizeSqlText(text: string): string {
  // Most texts (types, numeric defaults) are plain ASCII without quotes: the same result without walking each character.
  if (PLAIN_ASCII.test(text)) return text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/\s*;$/, '');
  let out = '';
  let quote: string | null = null;
  let pendingSpace = false;
  for (const char of text) {
    if (quote) {
      out += char;
      if (char === quote) quote = null;
      continue;
    }
    if (/\s/.test(char)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    if (char === "'" || char === '"' || char === '`') quote = char;
    out += char.toLowerCase();
  }
  return out.replace(/\s*;$/, '');
}

/** ASCII without quotes: lower-casing it whole is lower-casing it character by character. */
const PLAIN_ASCII = /^[^'"`\u0080-\uffff]*$/;

/** Code-unit order, the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupKeyParts<T extends CatalogKeyPart>(parts: T[], keyOf: (part: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const part of parts) {
    const key = keyOf(part);
    const group = groups.get(key);
    if (group) group.push(part);
    else groups.set(key, [part]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.position - b.position);
  return groups;
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareText)) sorted[key] = record[key]!;
  return sorted;
}

/** A catalog's ON DELETE action (`CASCADE`, `SET NULL`, PostgreSQL's one-letter codes), or undefined for the default (NO ACTION, RESTRICT). */
function deleteAction(action: string | null | undefined): ForeignKeySnapshot['onDelete'] {
  switch ((action ?? '').trim().toLowerCase()) {
    case 'cascade':
    case 'c':
      return 'cascade';
    case 'set null':
    case 'n':
      return 'set null';
    case 'set default':
    case 'd':
      return 'set default';
    default:
      return undefined;
  }
}
