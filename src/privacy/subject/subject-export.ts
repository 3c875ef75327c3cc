import { closeSync, openSync, writeSync } from 'node:fs';
import type { ProcessingInfo } from '../../config/sections/privacy.ts';
import { DihyaError, reasonOf } from '../../errors/dihya-error.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { stableValue, type SubjectRow } from './subject-rows.ts';

/** The rights a data subject has, listed in every export (GDPR Art. 15 (1) (e), (f)). */
const RIGHTS = [
  'access (Art. 15)',
  'rectification (Art. 16)',
  'erasure (Art. 17)',
  'restriction of processing (Art. 18)',
  'data portability (Art. 20)',
  'objection (Art. 21)',
  'lodging a complaint with a supervisory authority (Art. 77)',
];

/** The document `subject export` writes: the Art. 15 information, then every row, table by table. */
export interface SubjectExport {
  format: 'dihya-migrate/subject-export/1';
  subject: string;
  exportedAt: string;
  processing: ProcessingInfo | null;
  /** The categories of personal data concerned (Art. 15 (1) (b)): each catalogued column of the exported tables, with its kind. */
  categories: { column: string; kind: string }[];
  rights: string[];
  rowCount: number;
  tables: Record<string, Record<string, unknown>[]>;
}

/**
 * The export of a subject's rows as structured JSON (Art. 15 and 20): the processing metadata
 * of the catalog (purposes, recipients, retention, source…), the categories of data, the
 * subject's rights, and every row (dates as ISO text, binary as base64).
 *
 * @example
 * const document = subjectExport('customer', rows, catalog, config.privacy.processing)
 * document.tables.orders.length // 3
 */
export function subjectExport(subject: string, rows: SubjectRow[], catalog: Catalog, processing: ProcessingInfo | undefined): SubjectExport {
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const { table, row } of rows) (tables[table] ??= []).push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, stableValue(v)])));
  return {
    format: 'dihya-migrate/subject-export/1',
    subject,
    exportedAt: new Date().toISOString(),
    processing: processing ?? null,
    categories: catalog.columns.filter((c) => c.table in tables).map((c) => ({ column: `${c.table}.${c.column}`, kind: c.rule.kind })),
    rights: RIGHTS,
    rowCount: rows.length,
    tables,
  };
}

/**
 * Writes the export to a new file, 0600 from its creation (it holds personal data); refuses to
 * overwrite a file (PRIVACY_OUT_FILE).
 *
 * @example
 * writeExportFile('/secure/customer-42.json', document)
 */
export function writeExportFile(file: string, document: SubjectExport): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new DihyaError('PRIVACY_OUT_FILE', { file, reason: code === 'EEXIST' ? 'the file exists already' : reasonOf(error) }, { cause: error });
  }
  try {
    writeSync(fd, `${JSON.stringify(document, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}
