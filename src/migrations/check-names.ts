import type { DialectName } from '../database/parse-url.ts';
import type { SchemaSnapshot, TableSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { sameTableName, sqlSyntax } from '../sql/sql-syntax.ts';
import type { LoadedMigration } from './load-migration.ts';
import { previewSchemaChanges, type PredictedSchemas, type SchemaPreview } from './schema-preview.ts';

/**
 * The first `checks` entry of a migration that names a table (or, for `notNull`, a column) the
 * checks could not find when they run: tables of `rowCounts` and `notNull` must exist after the
 * migration; those of `allowRowLoss`, `allowOrphans` and `rowsChanged` before or after it.
 * Names compare as the checks use them (exactly on PostgreSQL, ignoring case elsewhere;
 * `public.` dropped).
 *
 * @example
 * unknownCheckName(migration, { before, after }, 'postgres')?.message
 * // 'Migration 20260101000000_x: checks.rowCounts names table ordrs, which neither exists now nor …'
 */
export function unknownCheckName(migration: LoadedMigration, schemas: PredictedSchemas, dialect: DialectName): DihyaError<'CHECK_TABLE_UNKNOWN'> | undefined {
  const checks = migration.definition.checks;
  if (!checks) return undefined;
  const problem = (check: string, table: string, column?: string) =>
    new DihyaError('CHECK_TABLE_UNKNOWN', { name: migration.name, check, table, ...(column === undefined ? {} : { column }) });
  const either = [schemas.before, schemas.after];
  const lists: [string, string[]][] = [
    ['allowRowLoss', checks.allowRowLoss === '*' ? [] : (checks.allowRowLoss ?? [])],
    ['allowOrphans', checks.allowOrphans ?? []],
    ['rowsChanged', Object.keys(checks.rowsChanged ?? {})],
  ];
  for (const [check, tables] of lists) {
    const missing = tables.find((t) => !findTable(either, t, dialect));
    if (missing !== undefined) return problem(check, missing);
  }
  const missingCount = Object.keys(checks.rowCounts ?? {}).find((t) => !findTable([schemas.after], t, dialect));
  if (missingCount !== undefined) return problem('rowCounts', missingCount);
  for (const pair of checks.notNull ?? []) {
    const dot = pair.lastIndexOf('.');
    const [table, column] = [pair.slice(0, dot), pair.slice(dot + 1)];
    const found = findTable([schemas.after], table, dialect);
    if (!found) return problem('notNull', table, column);
    if (!Object.keys(found.columns).some((c) => sameColumn(c, column, dialect))) return problem('notNull', table, column);
  }
  return undefined;
}

/**
 * Checks the names in the `checks` of pending migrations before anything runs. Against the
 * current schema first; only when a name is not found there are the migrations run on a
 * schema-only scratch copy (or `preview`, when the caller already has one) to learn what the
 * earlier ones create. Returns the first problem, or undefined.
 *
 * @example
 * const problem = await findUnknownCheckNames(target, pending, ownTables)
 * if (problem) throw problem
 */
export async function findUnknownCheckNames(
  target: Target,
  pending: LoadedMigration[],
  ownTables: string[],
  preview?: SchemaPreview,
): Promise<DihyaError<'CHECK_TABLE_UNKNOWN'> | undefined> {
  const withChecks = pending.filter((m) => m.definition.checks);
  if (withChecks.length === 0) return undefined;
  let schemas = preview?.schemas;
  if (!schemas) {
    const now = await target.snapshotSchema(undefined, ownTables);
    if (withChecks.every((m) => !unknownCheckName(m, { before: now, after: now }, target.dialect))) return undefined;
    schemas = (await previewSchemaChanges(target, pending, ownTables)).schemas;
  }
  for (const migration of withChecks) {
    const predicted = schemas.get(migration.version);
    // not predicted (the scratch run stopped before it): nothing can be said
    const problem = predicted && unknownCheckName(migration, predicted, target.dialect);
    if (problem) return problem;
  }
  return undefined;
}

function findTable(snapshots: SchemaSnapshot[], written: string, dialect: DialectName): TableSnapshot | undefined {
  const syntax = sqlSyntax(dialect);
  const prefix = syntax.defaultSchema === undefined ? undefined : `${syntax.defaultSchema}.`;
  const name = prefix && written.startsWith(prefix) ? written.slice(prefix.length) : written;
  for (const snapshot of snapshots) {
    const table = Object.keys(snapshot.tables).find((t) => sameTableName(t, name, syntax));
    if (table !== undefined) return snapshot.tables[table];
  }
  return undefined;
}

function sameColumn(a: string, b: string, dialect: DialectName): boolean {
  return sqlSyntax(dialect).caseSensitiveNames ? a === b : a.toLowerCase() === b.toLowerCase();
}
