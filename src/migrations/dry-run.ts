import { reasonOf } from '../errors/dihya-error.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';

/** The SQL a pending migration would send, as far as it can be known without running it. */
export interface DryRunResult {
  version: string;
  name: string;
  description: string;
  transactional: boolean;
  statements: string[];
  /** Set when the step could not be followed to its end without data (it read rows, say). */
  incomplete?: string;
  /** The schema changes it would make (tried on a schema-only scratch copy). */
  schemaChanges?: string[];
  /** Why the schema changes could not be predicted. */
  schemaPreviewError?: string;
}

/**
 * Runs a migration's `up` against a Kysely that compiles for the target's dialect but sends
 * nothing, and collects the SQL. Queries return no rows, so a step that depends on data
 * is followed only until it needs some.
 *
 * @example
 * const result = await dryRun(target, loaded)
 * console.log(result.statements.join(';\n'))
 */
export async function dryRun(target: Target, migration: LoadedMigration): Promise<DryRunResult> {
  const statements: string[] = [];
  const db = target.recordingDb((sql) => statements.push(sql));
  const result: DryRunResult = {
    version: migration.version,
    name: migration.name,
    description: migration.definition.description,
    transactional: migration.definition.transactional !== false,
    statements,
  };
  try {
    await migration.definition.up(createMigrationContext(target, db, migration));
  } catch (error) {
    result.incomplete = reasonOf(error);
  }
  return result;
}
