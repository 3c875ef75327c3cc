import { patternFor, withPatterns } from '../catalog/catalog-patterns.ts';
import { sql, type Kysely } from 'kysely';
import { isIP } from 'node:net';
import type { PersonalKind, PrivacyConfig } from '../../config/sections/privacy.ts';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import { sameTableName, type SqlSyntax } from '../../sql/sql-syntax.ts';
import { classifyValue, personalKindsIn } from '../redaction/redact.ts';
import { isNumericType } from '../catalog/catalog.ts';
import { kindFromName } from './name-dictionary.ts';

/** Why the scan thinks a column is personal: a word of its name, and what its sampled values are. */
export type ScanEvidence =
  | { by: 'name'; word: string }
  | { by: 'values'; kind: PersonalKind; matching: number; sampled: number }
  | { by: 'values-inside'; kinds: string[]; matching: number; sampled: number }
  /** A sector pack's catalog names the column (`sector sante`). */
  | { by: 'catalog'; source: string };

/** A column the scan found, with its evidence (never a sampled value). */
export interface ScanCandidate {
  table: string;
  column: string;
  type: string;
  kind: PersonalKind;
  evidence: ScanEvidence[];
  /** In privacy.columns already. */
  declared: boolean;
  /** Listed in privacy.scan.ignore (declared not personal). */
  ignored: boolean;
}

const TEXT_ONLY: PersonalKind[] = ['email', 'first_name', 'last_name', 'name', 'address', 'city', 'iban', 'nir', 'text'];
/** A column whose sampled values are mostly one kind holds that kind. */
const MOSTLY = 0.5;
/** A free-text column with personal values inside this share of its samples holds personal data. */
const INSIDE = 0.05;

/**
 * Finds personal columns: by name (English and French dictionaries: e-mail/courriel,
 * phone/téléphone, prénom, nom, adresse, date de naissance, IBAN, NIR, IP…), and by sampling up
 * to `privacy.scan.sampleRows` rows of each table and running the redaction detectors on each
 * text value (a column whose values are mostly e-mails, phones, IBANs, cards or NIRs; a free-text
 * column with such values inside). Sampled values are only counted, never kept or printed.
 *
 * @example
 * const candidates = await scanDatabase(target.db, schema, config.privacy, sqlSyntax(target.dialect))
 * candidates.filter((c) => !c.declared && !c.ignored) // what `privacy scan --check` fails on
 */
export async function scanDatabase(db: Kysely<any>, schema: SchemaSnapshot, privacy: PrivacyConfig, syntax: SqlSyntax): Promise<ScanCandidate[]> {
  // The sector packs' catalog entries count as declared (the config's own entries win).
  const merged = withPatterns(privacy, schema, syntax);
  const declared = Object.keys(merged.columns);
  const sameColumn = (entry: string, table: string, column: string) => {
    const dot = entry.lastIndexOf('.');
    return (
      sameTableName(entry.slice(0, dot), table, syntax) &&
      (syntax.caseSensitiveNames ? entry.slice(dot + 1) === column : entry.slice(dot + 1).toLowerCase() === column.toLowerCase())
    );
  };
  const candidates: ScanCandidate[] = [];
  for (const [table, snapshot] of Object.entries(schema.tables)) {
    const textColumns = Object.entries(snapshot.columns)
      .filter(([, c]) => isTextType(c.type))
      .map(([name]) => name);
    const samples = textColumns.length > 0 ? await sampleRows(db, table, textColumns, privacy.scan.sampleRows) : [];
    for (const [column, { type }] of Object.entries(snapshot.columns)) {
      const evidence: ScanEvidence[] = [];
      let kind: PersonalKind | undefined;
      const byName = kindFromName(table, column);
      if (byName && typeFits(byName.kind, type)) {
        evidence.push({ by: 'name', word: byName.word });
        kind = byName.kind;
      }
      if (textColumns.includes(column)) {
        const byValues = classifySamples(samples.map((row) => row[column]));
        if (byValues) {
          evidence.push(byValues);
          kind ??= byValues.by === 'values' ? byValues.kind : 'text';
        }
      }
      const pattern = patternFor(privacy, table, column, syntax);
      if (pattern) {
        evidence.push({ by: 'catalog', source: pattern.source });
        kind ??= merged.columns[`${table}.${column}`]?.kind ?? pattern.rule.kind;
      }
      if (!kind) continue;
      candidates.push({
        table,
        column,
        type,
        kind,
        evidence,
        declared: declared.some((entry) => sameColumn(entry, table, column)),
        ignored: privacy.scan.ignore.some((entry) => sameColumn(entry, table, column)),
      });
    }
  }
  return candidates;
}

async function sampleRows(db: Kysely<any>, table: string, columns: string[], limit: number): Promise<Record<string, unknown>[]> {
  return db
    .selectFrom(table)
    .select(columns.map((c) => sql.ref(c).as(c)))
    .limit(limit)
    .execute();
}

/** What the sampled values of one column are, if they are personal. */
function classifySamples(values: unknown[]): ScanEvidence | undefined {
  const texts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  if (texts.length === 0) return undefined;
  const counts = new Map<PersonalKind, number>();
  let inside = 0;
  const insideKinds = new Set<string>();
  for (const text of texts) {
    const whole = classifyValue(text) ?? (isIP(text.trim()) ? 'ip' : undefined);
    if (whole) {
      counts.set(whole, (counts.get(whole) ?? 0) + 1);
      continue;
    }
    const kinds = personalKindsIn(text).filter((k) => k !== 'secret');
    if (kinds.length > 0) {
      inside++;
      for (const k of kinds) insideKinds.add(k);
    }
  }
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  if (top && top[1] / texts.length >= MOSTLY) return { by: 'values', kind: top[0], matching: top[1], sampled: texts.length };
  const mixed = inside + [...counts.values()].reduce((a, n) => a + n, 0);
  if (mixed / texts.length >= INSIDE) {
    for (const k of counts.keys()) insideKinds.add(k);
    return { by: 'values-inside', kinds: [...insideKinds].sort(), matching: mixed, sampled: texts.length };
  }
  return undefined;
}

function isTextType(type: string): boolean {
  return /char|text|clob|string|json/i.test(type) && !/\[\]$/.test(type);
}

/** A name says `email` only for a text column (`email_verified_at` is a timestamp), `birth_date` only for a date or text. */
function typeFits(kind: PersonalKind, type: string): boolean {
  if (TEXT_ONLY.includes(kind)) return isTextType(type);
  if (kind === 'birth_date' || kind === 'date') return isTextType(type) || /date|time/i.test(type);
  if (kind === 'ip') return isTextType(type) || /inet/i.test(type);
  return isTextType(type) || isNumericType(type);
}
