import type { Kysely } from 'kysely';
import { countRows } from '../database/row-counts.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { schemaHash } from '../database/schema-hash.ts';
import type { Target } from '../database/target.ts';
import { redactDeep } from '../privacy/redaction/redact.ts';

/** What "the same database" means for backups and restores: the schema and every table's row count. */
export interface DatabaseState {
  snapshot: SchemaSnapshot;
  schemaHash: string;
  rowCounts: Record<string, number>;
}

/**
 * Reads the schema snapshot and exact row counts of a database, leaving out `exclude` tables.
 *
 * @example
 * const state = await readDatabaseState(target, ['dihya_audit'])
 * state.rowCounts // { customers: 3, orders: 3, dihya_migrations: 4 }
 */
export async function readDatabaseState(target: Target, exclude: string[], db: Kysely<any> = target.db): Promise<DatabaseState> {
  const snapshot = await target.snapshotSchema(db, exclude);
  return { snapshot, schemaHash: schemaHash(snapshot), rowCounts: await countRows(db, Object.keys(snapshot.tables), target.dialect) };
}

/**
 * The differences between an expected and an actual state, as short sentences (empty when identical).
 *
 * @example
 * compareStates({ schemaHash: 'a', rowCounts: { t: 2 } }, { schemaHash: 'a', rowCounts: { t: 3 } }) // ['t: 3 rows, expected 2']
 */
export function compareStates(expected: Pick<DatabaseState, 'schemaHash' | 'rowCounts'>, actual: Pick<DatabaseState, 'schemaHash' | 'rowCounts'>): string[] {
  const differences: string[] = [];
  if (expected.schemaHash !== actual.schemaHash)
    differences.push(`schema hash ${actual.schemaHash.slice(0, 12)}, expected ${expected.schemaHash.slice(0, 12)}`);
  // Compared under redacted names: a manifest keeps its table names redacted (export_[card]).
  const wanted = redactDeep(expected.rowCounts);
  const found = redactDeep(actual.rowCounts);
  const tables = new Set([...Object.keys(wanted), ...Object.keys(found)]);
  for (const table of [...tables].sort()) {
    const want = wanted[table];
    const got = found[table];
    if (want === undefined) differences.push(`${table}: present, not expected`);
    else if (got === undefined) differences.push(`${table}: missing`);
    else if (want !== got) differences.push(`${table}: ${got} rows, expected ${want}`);
  }
  return differences;
}
