import type { DialectName } from '../database/parse-url.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { canonicalTableName } from '../sql/sql-names.ts';
import { schemaTouch } from '../sql/schema-touch.ts';
import { sqlSyntax } from '../sql/sql-syntax.ts';

/**
 * The part of the schema a plan's preview needs on its scratch copy, when the statements tell it.
 *
 * @example
 * const scope: PreviewScope | undefined = previewScope(['alter table orders add column note text'], snapshot, 'postgres')
 * scope?.copy // ['orders', 'customers'] (orders references customers)
 */
export interface PreviewScope {
  /** The existing tables to copy, as the snapshot names them. */
  copy: string[];
  /** Tables copied only so that the foreign keys of `copy` hold (their own foreign keys may be left out). */
  referenced: string[];
  /** Whether a statement run on the copy stays within it (names only tables the scope holds or creates). */
  covers(sql: string): boolean;
  /** The schema after the copy's changes: `current` with the scope's tables as the copy has them now. */
  merge(copy: SchemaSnapshot): SchemaSnapshot;
}

/**
 * Which tables a schema-only copy must hold for `statements` (every statement of the pending
 * migrations, in order) to run there as they would on the whole schema: every existing table named
 * as a word in them and every table holding a foreign key to one of those (it changes when they are
 * dropped or renamed), as they are (`copy`); and the tables those reference, so that their foreign
 * keys hold (`referenced`: never changed, their snapshot stays `current`'s). Undefined when that cannot be
 * told from the text: a statement whose effect on the schema is unknown, a view statement, an index
 * dropped by a name the schema does not know, or a view reading one of the tables (a DROP or ALTER
 * could fail because of it). Views and other tables are then taken from `current` unchanged.
 *
 * @example
 * const scope = previewScope(['create index t1_name on t1 (name)'], await target.snapshotSchema(), 'postgres')
 * if (scope) await target.backup.cloneSchema(scratch.url, { tables: scope.copy })
 */
export function previewScope(statements: readonly string[], current: SchemaSnapshot, dialect: DialectName): PreviewScope | undefined {
  const syntax = sqlSyntax(dialect);
  const key = (name: string) => (syntax.caseSensitiveNames ? name : name.toLowerCase());
  const indexOwner = indexOwners(current, key);
  const written = new Set<string>();
  const touchedBy = (sql: string): string[] | undefined => {
    const touch = schemaTouch(sql);
    if (touch.kind === 'none') return [];
    if (touch.kind !== 'tables') return undefined;
    const names = touch.tables.map((t) => key(canonicalTableName(t, dialect)));
    for (const index of touch.indexes ?? []) {
      const owner = indexOwner.get(key(canonicalTableName(index, dialect)));
      if (owner === undefined) return undefined;
      names.push(owner);
    }
    return names;
  };
  for (const sql of statements) {
    const names = touchedBy(sql);
    if (!names) return undefined;
    for (const name of names) written.add(name);
  }

  const words = new Set(statements.flatMap((s) => s.match(/[\w$]+/g) ?? []).map((w) => w.toLowerCase()));
  const bare = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const scope = new Set<string>();
  for (const name of Object.keys(current.tables)) if (words.has(bare(name)) || written.has(key(name))) scope.add(key(name));
  const named = new Set(scope);
  for (const [name, table] of Object.entries(current.tables)) {
    if (Object.values(table.foreignKeys).some((fk) => named.has(key(fk.references.table)))) scope.add(key(name));
  }
  const needed = referencedBy(scope, current, key);

  const copy = Object.keys(current.tables).filter((name) => scope.has(key(name)));
  const referenced = Object.keys(current.tables).filter((name) => needed.has(key(name)));
  const bareCopied = new Set(copy.map(bare));
  for (const definition of Object.values(current.views)) {
    if ((definition.match(/[\w$]+/g) ?? []).some((w) => bareCopied.has(w.toLowerCase()))) return undefined;
  }
  const replaced = new Set([...scope, ...written]);
  return {
    copy,
    referenced,
    covers(sql) {
      const names = touchedBy(sql);
      return names !== undefined && names.every((name) => replaced.has(name));
    },
    merge(copied) {
      const tables: SchemaSnapshot['tables'] = {};
      for (const [name, table] of Object.entries(current.tables)) if (!replaced.has(key(name))) tables[name] = table;
      for (const [name, table] of Object.entries(copied.tables)) if (replaced.has(key(name))) tables[name] = table;
      return { tables, views: current.views };
    },
  };
}

/** Index name (keyed) -> the key of the table it belongs to. */
function indexOwners(snapshot: SchemaSnapshot, key: (name: string) => string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [table, t] of Object.entries(snapshot.tables)) {
    const schema = table.includes('.') ? `${table.slice(0, table.lastIndexOf('.'))}.` : '';
    for (const index of Object.keys(t.indexes)) owners.set(key(`${schema}${index}`), key(table));
  }
  return owners;
}

/** The keys of the tables that tables of `scope` reference by foreign key, outside `scope`. */
function referencedBy(scope: Set<string>, snapshot: SchemaSnapshot, key: (name: string) => string): Set<string> {
  const referenced = new Set<string>();
  for (const [name, table] of Object.entries(snapshot.tables)) {
    if (!scope.has(key(name))) continue;
    for (const fk of Object.values(table.foreignKeys)) if (!scope.has(key(fk.references.table))) referenced.add(key(fk.references.table));
  }
  return referenced;
}
