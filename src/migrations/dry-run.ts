import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { reasonOf } from '../errors/dihya-error.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';

/**
 * Where a statement of the plan comes from: its file (relative to the project), and the line it starts on when known.
 *
 * @example
 * const where: StatementLocation = { file: 'migrations/20261127061249_add_phone.sql', line: 3 }
 */
export interface StatementLocation {
  file: string;
  line?: number;
}

/**
 * The SQL a pending migration would send, as far as it can be known without running it.
 *
 * @example
 * const [first] = await migrator.plan()
 * first.statements[0] // 'alter table customers add column phone varchar(32)'
 * first.locations[0]  // { file: 'migrations/20261127061249_add_phone.sql', line: 3 }
 */
export interface DryRunResult {
  version: string;
  name: string;
  description: string;
  transactional: boolean;
  statements: string[];
  /** Where each of `statements` starts (same order): the line of an SQL file, or of the TypeScript call that sent it. */
  locations: StatementLocation[];
  /** Set when the step could not be followed to its end without data (it read rows, say). */
  incomplete?: string;
  /** The schema changes it would make (tried on a schema-only scratch copy). */
  schemaChanges?: string[];
  /** Why the schema changes could not be predicted (the scratch copy could not be made, say). */
  schemaPreviewError?: string;
  /** Why this migration failed when it ran on the schema-only scratch copy: `up` would fail too. Later ones were not tried. */
  failedOnScratch?: string;
}

/**
 * Runs a migration's `up` against a Kysely that compiles for the target's dialect but sends
 * nothing, and collects the SQL with where each statement starts. Queries return no rows, so a
 * step that depends on data is followed only until it needs some.
 *
 * @example
 * const result = await dryRun(target, loaded, { relativeTo: process.cwd() })
 * result.locations[0] // { file: 'migrations/20261127061249_add_phone.sql', line: 3 }
 */
export async function dryRun(target: Target, migration: LoadedMigration, options: { relativeTo?: string } = {}): Promise<DryRunResult> {
  const file = options.relativeTo === undefined ? path.basename(migration.file) : path.relative(options.relativeTo, migration.file);
  const statements: string[] = [];
  const locations: StatementLocation[] = [];
  const sqlLines = migration.sql?.up;
  const names = [pathToFileURL(migration.file).href, migration.file];
  const db = target.recordingDb((sql) => {
    const line = sqlLines ? sqlLines[statements.length]?.line : callerLine(names);
    statements.push(sql);
    locations.push(line === undefined ? { file } : { file, line });
  });
  const result: DryRunResult = {
    version: migration.version,
    name: migration.name,
    description: migration.definition.description,
    transactional: migration.definition.transactional !== false,
    statements,
    locations,
  };
  try {
    await migration.definition.up(createMigrationContext(target, db, migration));
  } catch (error) {
    result.incomplete = reasonOf(error);
  }
  return result;
}

/** The line of the migration file (named by URL or path) in the (async) call stack that sent a statement, if any. */
function callerLine(names: string[]): number | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const frame of stack.split('\n')) {
    if (!names.some((name) => frame.includes(name))) continue;
    const match = /:(\d+):\d+\)?\s*$/.exec(frame);
    if (match) return Number(match[1]);
  }
  return undefined;
}
