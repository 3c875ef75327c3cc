import type { CatalogPattern, PersonalColumnRule, PrivacyConfig } from '../../config/sections/privacy.ts';
import type { SchemaSnapshot, TableSnapshot } from '../../database/schema-snapshot.ts';
import { sameTableName, type SqlSyntax } from '../../sql/sql-syntax.ts';
import { kindFromName } from '../scan/name-dictionary.ts';
import { isNumericType, maxTextLength } from './catalog.ts';

/**
 * The privacy section with the sector packs' catalog entries (`privacy.patterns`) merged into
 * `columns` for the columns of `schema` they match: the config wins (a column `privacy.columns`
 * or `privacy.scan.ignore` names keeps the user's choice), and a pattern's strategy is fitted to
 * the column, since nobody wrote it for that column: a key or foreign-key column is kept as it is
 * (rewriting it would break links), a number column is nulled when nullable (kept otherwise), a
 * keyed hash that does not fit the column's length becomes a fake, a null on NOT NULL a fake, and
 * a pattern of kind `other` takes the kind the column's name says (`full_name`: a name).
 *
 * @example
 * withPatterns(config.privacy, schema, sqlSyntax('sqlite')).columns['patients.diagnosis'] // { kind: 'text', strategy: 'fake' }
 */
export function withPatterns(privacy: PrivacyConfig, schema: SchemaSnapshot, syntax: SqlSyntax): PrivacyConfig {
  const patterns = privacy.patterns ?? [];
  if (patterns.length === 0) return privacy;
  const columns: Record<string, PersonalColumnRule> = { ...privacy.columns };
  for (const [table, snapshot] of Object.entries(schema.tables)) {
    for (const column of Object.keys(snapshot.columns)) {
      const pattern = patternFor(privacy, table, column, syntax);
      if (pattern) columns[`${table}.${column}`] = fitted(pattern.rule, table, snapshot, column);
    }
  }
  return { ...privacy, columns };
}

/**
 * The sector packs' catalog entry that applies to a column: the first pattern matching it, unless
 * the config names the column (`privacy.columns` or `privacy.scan.ignore`: the user's choice wins).
 *
 * @example
 * patternFor(config.privacy, 'consultations', 'diagnosis', syntax)?.source // 'sector sante'
 */
export function patternFor(privacy: PrivacyConfig, table: string, column: string, syntax: SqlSyntax): CatalogPattern | undefined {
  const patterns = privacy.patterns ?? [];
  if (patterns.length === 0) return undefined;
  const same = (entry: string) => {
    const dot = entry.lastIndexOf('.');
    const name = entry.slice(dot + 1);
    return sameTableName(entry.slice(0, dot), table, syntax) && (syntax.caseSensitiveNames ? name === column : name.toLowerCase() === column.toLowerCase());
  };
  if ([...Object.keys(privacy.columns), ...privacy.scan.ignore].some(same)) return undefined;
  const bare = (table.split('.').at(-1) ?? table).toLowerCase();
  return patterns.find((p) => (p.table === undefined || new RegExp(p.table, 'i').test(bare)) && new RegExp(p.column, 'i').test(column));
}

function fitted(
  pattern: { kind: PersonalColumnRule['kind']; strategy: 'fake' | 'hash' | 'null' | 'keep' },
  name: string,
  table: TableSnapshot,
  column: string,
): PersonalColumnRule {
  const snapshot = table.columns[column]!;
  // `other` (e.g. every column of a health table): the column's name may say better (full_name, birth_date…).
  const rule = pattern.kind === 'other' && !isNumericType(snapshot.type) ? { ...pattern, kind: kindFromName(name, column)?.kind ?? 'other' } : pattern;
  const keep = { kind: rule.kind, strategy: 'keep' } as const;
  if (table.primaryKey.includes(column) || Object.values(table.foreignKeys).some((fk) => fk.columns.includes(column))) return keep;
  if (isNumericType(snapshot.type)) return snapshot.nullable ? { kind: 'other', strategy: 'null' } : keep;
  if (rule.strategy === 'null' && !snapshot.nullable) return { kind: rule.kind, strategy: 'fake' };
  const length = maxTextLength(snapshot.type);
  if (rule.strategy === 'hash' && length !== undefined && length < 16) return { kind: rule.kind, strategy: 'fake' };
  return { kind: rule.kind, strategy: rule.strategy };
}
