import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { SectorCatalogEntry } from './sector-pack.ts';

/**
 * The identifiers a migration file names (lower case): what it may touch, judged from its text.
 *
 * @example
 * identifiersIn('update patients set nir = null') // Set { 'update', 'patients', 'set', 'nir', 'null' }
 */
export function identifiersIn(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((w) => w.toLowerCase()));
}

/** A table's name without its schema (`public.patients` → `patients`), lower case. */
export function bareName(table: string): string {
  return (table.split('.').at(-1) ?? table).toLowerCase();
}

/**
 * The tables of `schema` the file names.
 *
 * @example
 * mentionedTables(identifiersIn('alter table grades add level int'), schema) // ['grades']
 */
export function mentionedTables(words: Set<string>, schema: SchemaSnapshot): string[] {
  return Object.keys(schema.tables).filter((table) => words.has(bareName(table)));
}

/**
 * The columns of `schema` that catalog entries of `category` match, per table.
 *
 * @example
 * catalogColumns(schema, SANTE_CATALOG, 'special-category') // Map { 'patients' => ['nir', 'diagnosis'] }
 */
export function catalogColumns(
  schema: SchemaSnapshot,
  catalog: readonly SectorCatalogEntry[],
  category: SectorCatalogEntry['category'],
): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [table, snapshot] of Object.entries(schema.tables)) {
    const columns = Object.keys(snapshot.columns).filter((column) =>
      catalog.some((entry) => entry.category === category && entryMatches(entry, table, column)),
    );
    if (columns.length > 0) found.set(table, columns);
  }
  return found;
}

/** Whether a catalog entry matches a column (and its table, when the entry names one). */
export function entryMatches(entry: SectorCatalogEntry, table: string, column: string): boolean {
  if (entry.table !== undefined && !new RegExp(entry.table, 'i').test(bareName(table))) return false;
  return new RegExp(entry.column, 'i').test(column);
}

/**
 * The names in the file that catalog entries of `category` match on their own (a column not yet in the schema).
 *
 * @example
 * catalogWords(identifiersIn('add column diagnosis text'), SANTE_CATALOG, 'special-category') // ['diagnosis']
 */
export function catalogWords(words: Set<string>, catalog: readonly SectorCatalogEntry[], category: SectorCatalogEntry['category']): string[] {
  return [...words].filter((word) =>
    catalog.some(
      (entry) =>
        entry.category === category && (entry.table === undefined ? new RegExp(entry.column, 'i').test(word) : new RegExp(entry.table, 'i').test(word)),
    ),
  );
}
