import type { PersonalColumnRule, PrivacyConfig } from '../../config/sections/privacy.ts';
import type { SchemaSnapshot, TableSnapshot } from '../../database/schema-snapshot.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { sameTableName, type SqlSyntax } from '../../sql/sql-syntax.ts';
import { withPatterns } from './catalog-patterns.ts';

/** One catalogued column, with the names the database uses. */
export interface CatalogColumn {
  /** As written in the config (`customers.email`). */
  entry: string;
  table: string;
  column: string;
  rule: PersonalColumnRule;
}

/** A data subject: the table with one row per person, and the column whose value identifies them. */
export interface SubjectDefinition {
  name: string;
  table: string;
  key: string;
}

/** What `subject erase` does to a table's rows of the subject. */
export type ErasureAction = 'delete' | 'anonymize';

/**
 * The personal-data catalog of the config (`privacy`) and of the sector packs (see withPatterns), resolved against the database's schema:
 * names as the database spells them, each entry checked to exist, and each strategy checked
 * against the column's constraints (a unique column cannot take one constant, a NOT NULL column
 * cannot be nulled, a key column cannot change).
 *
 * @example
 * const catalog = Catalog.resolve(config.privacy, await target.snapshotSchema(undefined, tables.all), sqlSyntax(target.dialect))
 * catalog.columnsOf('customers').map((c) => c.column) // ['email', 'phone']
 */
export class Catalog {
  readonly columns: CatalogColumn[];
  readonly subjects: SubjectDefinition[];
  readonly schema: SchemaSnapshot;
  readonly #erasure: Map<string, ErasureAction>;

  private constructor(columns: CatalogColumn[], subjects: SubjectDefinition[], erasure: Map<string, ErasureAction>, schema: SchemaSnapshot) {
    this.columns = columns;
    this.subjects = subjects;
    this.#erasure = erasure;
    this.schema = schema;
  }

  /**
   * Resolves every entry of the privacy section against `schema`; throws PRIVACY_CATALOG_UNKNOWN
   * for a table or column that does not exist, PRIVACY_CATALOG_INVALID for a strategy the column's
   * constraints forbid.
   */
  static resolve(configured: PrivacyConfig, schema: SchemaSnapshot, syntax: SqlSyntax): Catalog {
    // The sector packs' entries, for the columns the config does not name.
    const privacy = withPatterns(configured, schema, syntax);
    const findTable = (entry: string, name: string): string => {
      const found = Object.keys(schema.tables).find((t) => sameTableName(t, name, syntax));
      if (!found) throw new DihyaError('PRIVACY_CATALOG_UNKNOWN', { entry, kind: 'table', name });
      return found;
    };
    const findColumn = (entry: string, table: string, name: string): string => {
      const found = Object.keys(schema.tables[table]!.columns).find((c) => (syntax.caseSensitiveNames ? c === name : c.toLowerCase() === name.toLowerCase()));
      if (!found) throw new DihyaError('PRIVACY_CATALOG_UNKNOWN', { entry, kind: 'column', name: `${table}.${name}` });
      return found;
    };
    const columns = Object.entries(privacy.columns).map(([entry, rule]) => {
      const dot = entry.lastIndexOf('.');
      const table = findTable(`privacy.columns['${entry}']`, entry.slice(0, dot));
      const column = findColumn(`privacy.columns['${entry}']`, table, entry.slice(dot + 1));
      return { entry, table, column, rule };
    });
    const subjects = Object.entries(privacy.subjects).map(([name, s]) => {
      const table = findTable(`privacy.subjects.${name}`, s.table);
      return { name, table, key: findColumn(`privacy.subjects.${name}`, table, s.key) };
    });
    const erasure = new Map<string, ErasureAction>();
    for (const [name, action] of Object.entries(privacy.erasure)) erasure.set(findTable(`privacy.erasure['${name}']`, name), action);
    for (const column of columns) checkRule(column, schema.tables[column.table]!);
    return new Catalog(columns, subjects, erasure, schema);
  }

  /** The catalogued columns of one table. */
  columnsOf(table: string): CatalogColumn[] {
    return this.columns.filter((c) => c.table === table);
  }

  /** Every table with at least one catalogued column, in catalog order. */
  tables(): string[] {
    return [...new Set(this.columns.map((c) => c.table))];
  }

  /** The catalogued column of that table and column, if any. */
  column(table: string, column: string): CatalogColumn | undefined {
    return this.columns.find((c) => c.table === table && c.column === column);
  }

  /** A subject by name; throws PRIVACY_UNKNOWN_SUBJECT listing the known ones. */
  subject(name: string): SubjectDefinition {
    const found = this.subjects.find((s) => s.name === name);
    if (!found) throw new DihyaError('PRIVACY_UNKNOWN_SUBJECT', { subject: name, known: this.subjects.map((s) => s.name).join(', ') });
    return found;
  }

  /** What erasure does to a table's rows of the subject (default `delete`). */
  erasureOf(table: string): ErasureAction {
    return this.#erasure.get(table) ?? 'delete';
  }

  /** The primary key of a table; throws PRIVACY_NO_PRIMARY_KEY when it has none. */
  primaryKey(table: string): string[] {
    const key = this.schema.tables[table]?.primaryKey ?? [];
    if (key.length === 0) throw new DihyaError('PRIVACY_NO_PRIMARY_KEY', { table });
    return key;
  }
}

/** True when the column alone is unique: its own unique index, or the whole primary key. */
export function isUniqueColumn(table: TableSnapshot, column: string): boolean {
  if (table.primaryKey.length === 1 && table.primaryKey[0] === column) return true;
  return Object.values(table.indexes).some((i) => i.unique && i.columns.length === 1 && i.columns[0] === column);
}

/**
 * The longest text a column holds (`varchar(40)` → 40), or undefined when unbounded or not text.
 *
 * @example
 * maxTextLength('character varying(40)') // 40
 */
export function maxTextLength(type: string): number | undefined {
  const match = /\b(?:n?varchar|character varying|varying character|n?char|character)\s*\((\d+)\)/i.exec(type);
  return match ? Number(match[1]) : undefined;
}

/** True for integer and decimal column types. */
export function isNumericType(type: string): boolean {
  return /\b(?:int|integer|bigint|smallint|tinyint|mediumint|numeric|decimal|real|double|float)\b/i.test(type) && !/char|text/i.test(type);
}

function checkRule(column: CatalogColumn, table: TableSnapshot): void {
  const { rule } = column;
  const invalid = (reason: string) => new DihyaError('PRIVACY_CATALOG_INVALID', { entry: `privacy.columns['${column.entry}']`, reason });
  if (rule.strategy === 'keep') return;
  const snapshot = table.columns[column.column]!;
  if (table.primaryKey.includes(column.column)) throw invalid(`${column.column} is part of the primary key, which other rows may point to; use keep`);
  const foreignKey = Object.entries(table.foreignKeys).find(([, fk]) => fk.columns.includes(column.column));
  if (foreignKey)
    throw invalid(`${column.column} is part of the foreign key ${foreignKey[0]}; changing it would break the link (catalog the column it points to instead)`);
  if (rule.strategy === 'null' && !snapshot.nullable) throw invalid(`${column.column} is NOT NULL and cannot take the null strategy`);
  if (rule.strategy === 'constant' && rule.value === null && !snapshot.nullable) throw invalid(`${column.column} is NOT NULL and cannot take a null constant`);
  const unique = isUniqueColumn(table, column.column);
  if (unique && ['constant', 'shift', 'generalize'].includes(rule.strategy)) {
    throw invalid(`${column.column} is unique, and ${rule.strategy} can give two rows the same value; use fake or hash`);
  }
  const length = maxTextLength(snapshot.type);
  if (rule.strategy === 'hash' && length !== undefined && length < 16)
    throw invalid(`${column.column} holds ${length} characters; a keyed hash needs at least 16`);
  if (
    isNumericType(snapshot.type) &&
    ['email', 'name', 'first_name', 'last_name', 'address', 'city', 'text', 'iban', 'nir'].includes(rule.kind) &&
    rule.strategy !== 'null'
  ) {
    throw invalid(`${column.column} is a number column (${snapshot.type}) and cannot hold a ${rule.kind}`);
  }
  if (isNumericType(snapshot.type) && rule.strategy === 'hash') throw invalid(`${column.column} is a number column (${snapshot.type}); a keyed hash is text`);
}

/**
 * Tables that reference `table` by a foreign key: each with its columns and the columns of `table` they point to.
 *
 * @example
 * referencingKeys(schema, 'customers') // [{ table: 'orders', name: 'orders_customer_fk', columns: ['customer_id'], references: ['id'] }]
 */
export function referencingKeys(schema: SchemaSnapshot, table: string): { table: string; name: string; columns: string[]; references: string[] }[] {
  const out: { table: string; name: string; columns: string[]; references: string[] }[] = [];
  for (const [child, snapshot] of Object.entries(schema.tables)) {
    for (const [name, fk] of Object.entries(snapshot.foreignKeys)) {
      if (fk.references.table === table) out.push({ table: child, name, columns: fk.columns, references: fk.references.columns });
    }
  }
  return out;
}
