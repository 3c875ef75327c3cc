import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import type { HookMigration } from '../../hooks/hook-types.ts';
import { catalogColumns, catalogWords, identifiersIn, mentionedTables } from '../mentions.ts';
import type { SectorCatalogEntry } from '../sector-pack.ts';

/**
 * Special-category data (GDPR Art. 9) as the santé pack recognises it: patient identifiers,
 * health columns, and every column of the tables that hold health records.
 */
export const SANTE_CATALOG: SectorCatalogEntry[] = [
  {
    column:
      '^(patient_id|patient_ref|patient_number|patient_identifier|ipp|ins_nir|nir|ssn|social_security_number|insurance_number|mrn|medical_record_number)$',
    category: 'special-category',
    note: { en: 'patient identifier', fr: 'identifiant de patient' },
    anonymize: { kind: 'other', strategy: 'fake' },
  },
  {
    column:
      '^(diagnos[a-z_]*|icd[0-9a-z_]*|cim[0-9a-z_]*|allerg[a-z_]*|blood_(type|group)|treatments?|prescriptions?|medications?|symptoms?|disabilit[a-z_]*|pregnan[a-z_]*|hiv[a-z_]*|genetic[a-z_]*|biometric[a-z_]*|health_[a-z0-9_]+|medical_[a-z0-9_]+)$',
    category: 'special-category',
    note: { en: 'health data', fr: 'donnée de santé' },
    anonymize: { kind: 'text', strategy: 'fake' },
  },
  {
    table: '^(patients?|medical_records?|diagnos[ie]s|prescriptions?|consultations?|health_[a-z0-9_]+)$',
    column: '.*',
    category: 'special-category',
    note: { en: 'table of health records', fr: 'table de dossiers de santé' },
    anonymize: { kind: 'other', strategy: 'fake' },
  },
];

/** What a migration touches of the special-category data: tables of the schema holding it, and such names the file introduces. */
export function specialCategoryTouched(migration: Pick<HookMigration, 'text'>, schema: SchemaSnapshot): { tables: string[]; names: string[] } {
  const words = identifiersIn(migration.text);
  const special = catalogColumns(schema, SANTE_CATALOG, 'special-category');
  const tables = mentionedTables(words, schema).filter((t) => special.has(t));
  return { tables, names: catalogWords(words, SANTE_CATALOG, 'special-category') };
}
