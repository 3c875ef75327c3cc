import { isDeepStrictEqual } from 'node:util';
import type { ColumnSnapshot, ForeignKeySnapshot, IndexSnapshot, SchemaSnapshot, TableSnapshot } from './schema-snapshot.ts';

/** What kind of schema object a change is about. */
export type SchemaObjectKind = 'table' | 'view' | 'column' | 'primary key' | 'index' | 'foreign key';

/** One difference between two schema snapshots. */
export interface SchemaChange {
  change: 'added' | 'removed' | 'changed';
  kind: SchemaObjectKind;
  /** The table the object belongs to (the table itself for `table`; absent for views). */
  table?: string;
  /** The table, view, column, index or constraint name (the table name for a primary key). */
  name: string;
  /** One line for people: `+table orders`, `~column items.price integer -> bigint`, `-index items_name`. */
  summary: string;
}

/**
 * Lists what changed from `before` to `after`: tables and views added or removed, and inside tables
 * present in both, columns (added, removed, or changed type / nullability / default), primary keys,
 * indexes and foreign keys. An added or removed table is one change (its contents are not listed).
 * The order is stable: tables by name (each with primary key, columns in table order, indexes,
 * foreign keys), then views by name.
 *
 * @example
 * diffSchemas(before, after).map((c) => c.summary)
 * // ['+column customers.phone varchar(32) null', '-index items_name', '+table orders']
 */
export function diffSchemas(before: SchemaSnapshot, after: SchemaSnapshot): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const table of unionOfKeys(before.tables, after.tables)) {
    const old = before.tables[table];
    const now = after.tables[table];
    if (!old) changes.push({ change: 'added', kind: 'table', table, name: table, summary: `+table ${table}` });
    else if (!now) changes.push({ change: 'removed', kind: 'table', table, name: table, summary: `-table ${table}` });
    else changes.push(...diffTable(table, old, now));
  }
  for (const view of unionOfKeys(before.views, after.views)) {
    const old = before.views[view];
    const now = after.views[view];
    if (old === undefined) changes.push({ change: 'added', kind: 'view', name: view, summary: `+view ${view}` });
    else if (now === undefined) changes.push({ change: 'removed', kind: 'view', name: view, summary: `-view ${view}` });
    else if (old !== now) changes.push({ change: 'changed', kind: 'view', name: view, summary: `~view ${view}` });
  }
  return changes;
}

/**
 * The changes as text, one per line (or joined with `separator`); `no schema changes` when there are none.
 *
 * @example
 * summarizeChanges(diffSchemas(before, after)) // '+table orders\n-index items_name'
 * summarizeChanges([]) // 'no schema changes'
 */
export function summarizeChanges(changes: SchemaChange[], separator = '\n'): string {
  return changes.length === 0 ? 'no schema changes' : changes.map((change) => change.summary).join(separator);
}

function diffTable(table: string, old: TableSnapshot, now: TableSnapshot): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (!isDeepStrictEqual(old.primaryKey, now.primaryKey)) {
    const change = old.primaryKey.length === 0 ? 'added' : now.primaryKey.length === 0 ? 'removed' : 'changed';
    const summary =
      change === 'added'
        ? `+primary key ${table} ${columnList(now.primaryKey)}`
        : change === 'removed'
          ? `-primary key ${table}`
          : `~primary key ${table} ${columnList(old.primaryKey)} -> ${columnList(now.primaryKey)}`;
    changes.push({ change, kind: 'primary key', table, name: table, summary });
  }

  const columnNames = [...Object.keys(now.columns), ...Object.keys(old.columns).filter((name) => !(name in now.columns))];
  for (const column of columnNames) {
    const was = old.columns[column];
    const is = now.columns[column];
    const name = `${table}.${column}`;
    if (!was && is) changes.push({ change: 'added', kind: 'column', table, name: column, summary: `+column ${name} ${describeColumn(is)}` });
    else if (was && !is) changes.push({ change: 'removed', kind: 'column', table, name: column, summary: `-column ${name}` });
    else if (was && is && !isDeepStrictEqual(was, is)) {
      changes.push({ change: 'changed', kind: 'column', table, name: column, summary: `~column ${name} ${describeColumnChange(was, is)}` });
    }
  }

  for (const index of unionOfKeys(old.indexes, now.indexes)) {
    const was = old.indexes[index];
    const is = now.indexes[index];
    if (!was && is)
      changes.push({ change: 'added', kind: 'index', table, name: index, summary: `+${describeIndex(is)} ${index} on ${table} ${columnList(is.columns)}` });
    else if (was && !is) changes.push({ change: 'removed', kind: 'index', table, name: index, summary: `-index ${index}` });
    else if (was && is && !isDeepStrictEqual(was, is)) {
      const summary = `~index ${index} on ${table} ${indexShape(was)} -> ${indexShape(is)}`;
      changes.push({ change: 'changed', kind: 'index', table, name: index, summary });
    }
  }

  for (const key of unionOfKeys(old.foreignKeys, now.foreignKeys)) {
    const was = old.foreignKeys[key];
    const is = now.foreignKeys[key];
    const name = `${table}.${key}`;
    if (!was && is) changes.push({ change: 'added', kind: 'foreign key', table, name: key, summary: `+foreign key ${name} ${describeForeignKey(is)}` });
    else if (was && !is) changes.push({ change: 'removed', kind: 'foreign key', table, name: key, summary: `-foreign key ${name}` });
    else if (was && is && !isDeepStrictEqual(was, is)) {
      const summary = `~foreign key ${name} ${describeForeignKey(was)} becomes ${describeForeignKey(is)}`;
      changes.push({ change: 'changed', kind: 'foreign key', table, name: key, summary });
    }
  }
  return changes;
}

/** `varchar(32) null`, `integer not null default 0`. */
function describeColumn(column: ColumnSnapshot): string {
  const type = column.type === '' ? '(no type)' : column.type;
  return `${type} ${nullability(column)}${column.default === null ? '' : ` default ${column.default}`}`;
}

/** `integer -> bigint, null -> not null, no default -> default 0`: only the parts that changed. */
function describeColumnChange(was: ColumnSnapshot, is: ColumnSnapshot): string {
  const parts: string[] = [];
  if (was.type !== is.type) parts.push(`${was.type || '(no type)'} -> ${is.type || '(no type)'}`);
  if (was.nullable !== is.nullable) parts.push(`${nullability(was)} -> ${nullability(is)}`);
  if (was.default !== is.default) parts.push(`${describeDefault(was.default)} -> ${describeDefault(is.default)}`);
  return parts.join(', ');
}

function nullability(column: ColumnSnapshot): string {
  return column.nullable ? 'null' : 'not null';
}

function describeDefault(value: string | null): string {
  return value === null ? 'no default' : `default ${value}`;
}

function describeIndex(index: IndexSnapshot): string {
  return index.unique ? 'unique index' : 'index';
}

/** `(a, b)` or `unique (a, b)`. */
function indexShape(index: IndexSnapshot): string {
  return `${index.unique ? 'unique ' : ''}${columnList(index.columns)}`;
}

/** `(customer_id) -> customers(id)`. */
function describeForeignKey(key: ForeignKeySnapshot): string {
  return `${columnList(key.columns)} -> ${key.references.table}${columnList(key.references.columns)}`;
}

function columnList(columns: string[]): string {
  return `(${columns.join(', ')})`;
}

/** The keys of both records, in code-unit order. */
function unionOfKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}
