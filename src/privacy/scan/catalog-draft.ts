import type { AnonymizationStrategy, PersonalKind } from '../../config/sections/privacy.ts';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import { isUniqueColumn } from '../catalog/catalog.ts';
import { looksLikePeople } from './name-dictionary.ts';
import type { ScanCandidate } from './scan-database.ts';

/** One line of the draft: a column with the strategy suggested for it. */
export interface DraftColumn {
  entry: string;
  kind: PersonalKind;
  strategy: AnonymizationStrategy;
  candidate: ScanCandidate;
}

/** A suggested data subject: a table that looks like people, with its single-column primary key. */
export interface DraftSubject {
  name: string;
  table: string;
  key: string;
}

const DEFAULT_STRATEGY: Record<PersonalKind, AnonymizationStrategy> = {
  email: 'fake',
  phone: 'fake',
  iban: 'fake',
  card: 'fake',
  nir: 'fake',
  first_name: 'fake',
  last_name: 'fake',
  name: 'fake',
  address: 'fake',
  city: 'fake',
  postcode: 'generalize',
  birth_date: 'generalize',
  date: 'shift',
  ip: 'generalize',
  text: 'null',
  other: 'hash',
};

/**
 * The strategy a draft suggests for a column: realistic fakes for identities and contacts,
 * generalization for postcodes, birth dates and IPs, null for free text; a unique column gets a
 * fake (never one shared value), a NOT NULL free-text column a keyed hash.
 *
 * @example
 * suggestStrategy('postcode', schema.tables.addresses, 'postcode') // 'generalize'
 */
export function suggestStrategy(kind: PersonalKind, schema: SchemaSnapshot, table: string, column: string): AnonymizationStrategy {
  const snapshot = schema.tables[table]!;
  const strategy = DEFAULT_STRATEGY[kind];
  if (isUniqueColumn(snapshot, column) && strategy !== 'fake') return 'hash';
  if (strategy === 'null' && !snapshot.columns[column]!.nullable) return 'hash';
  return strategy;
}

/**
 * The catalog draft: every candidate not yet declared nor ignored, and the subjects (tables that
 * look like people and hold candidates, with a single-column primary key).
 *
 * @example
 * const draft = catalogDraft(candidates, schema)
 * draft.columns.map((c) => c.entry) // ['customers.email', 'customers.phone']
 */
export function catalogDraft(candidates: ScanCandidate[], schema: SchemaSnapshot): { columns: DraftColumn[]; subjects: DraftSubject[] } {
  const columns = candidates
    .filter((c) => !c.ignored)
    .map((c) => ({ entry: `${c.table}.${c.column}`, kind: c.kind, strategy: suggestStrategy(c.kind, schema, c.table, c.column), candidate: c }));
  const subjects: DraftSubject[] = [];
  for (const table of new Set(candidates.map((c) => c.table))) {
    const key = schema.tables[table]!.primaryKey;
    if (!looksLikePeople(table) || key.length !== 1) continue;
    const base = table.split('.').at(-1)!.toLowerCase();
    subjects.push({ name: base.endsWith('ies') ? `${base.slice(0, -3)}y` : base.replace(/s$/, ''), table, key: key[0]! });
  }
  return { columns, subjects };
}
