import type { PrivacyConfig } from '../../config/sections/privacy.ts';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import type { Target } from '../../database/target.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { sqlSyntax } from '../../sql/sql-syntax.ts';
import { scanDatabase, type ScanCandidate } from './scan-database.ts';

/**
 * The personal columns the scan finds that the catalog neither declares nor ignores.
 *
 * @example
 * (await undeclaredColumns(target, schema, config.privacy)).map((c) => `${c.table}.${c.column}`) // ['orders.notes']
 */
export async function undeclaredColumns(target: Target, schema: SchemaSnapshot, privacy: PrivacyConfig): Promise<ScanCandidate[]> {
  return (await scanDatabase(target.db, schema, privacy, sqlSyntax(target.dialect))).filter((c) => !c.declared && !c.ignored);
}

/**
 * Throws PRIVACY_UNDECLARED_COLUMNS (exit 1) naming every personal column missing from the catalog.
 *
 * @example
 * await refuseUndeclared(target, schema, config.privacy)
 */
export async function refuseUndeclared(target: Target, schema: SchemaSnapshot, privacy: PrivacyConfig): Promise<void> {
  const missing = await undeclaredColumns(target, schema, privacy);
  if (missing.length > 0) throw undeclaredError(missing);
}

/** The error for columns missing from the catalog. */
export function undeclaredError(missing: ScanCandidate[]): DihyaError {
  return new DihyaError('PRIVACY_UNDECLARED_COLUMNS', { count: missing.length, columns: missing.map((c) => `${c.table}.${c.column} (${c.kind})`).join(', ') });
}
