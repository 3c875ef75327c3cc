import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { DialectName } from '../database/parse-url.ts';
import type { MigrationDefinition } from './define-migration.ts';
import type { MigrationFile } from './discover.ts';
import { parseSqlMigration, SqlMigrationFormatError } from './sql-migration.ts';

/** A migration file with its steps ready to run. */
export interface LoadedMigration extends MigrationFile {
  definition: MigrationDefinition;
}

/**
 * Loads a migration's steps: SQL files are parsed, TypeScript/JavaScript files are imported
 * (Node strips the types) and their default export is checked.
 *
 * @example
 * const loaded = await loadMigration(files[0], 'sqlite')
 * await loaded.definition.up(ctx)
 */
export async function loadMigration(file: MigrationFile, dialect: DialectName): Promise<LoadedMigration> {
  if (file.kind === 'sql') {
    try {
      return { ...file, definition: parseSqlMigration(file.text, describeSql(file), dialect) };
    } catch (error) {
      if (error instanceof SqlMigrationFormatError) {
        throw new DihyaError('MIGRATION_MALFORMED', { name: file.name, reason: error.message, kind: 'sql' });
      }
      throw error;
    }
  }
  let module: { default?: unknown };
  try {
    module = await import(`${pathToFileURL(file.file).href}?checksum=${file.checksum}`);
  } catch (error) {
    throw new DihyaError('MIGRATION_LOAD_FAILED', { name: file.name, reason: reasonOf(error) }, { cause: error });
  }
  return { ...file, definition: checkDefinition(module.default, file.name) };
}

function checkDefinition(value: unknown, name: string): MigrationDefinition {
  const malformed = (reason: string) => new DihyaError('MIGRATION_MALFORMED', { name, reason, kind: 'ts' });
  if (value === undefined) throw malformed('no default export');
  if (typeof value !== 'object' || value === null) throw malformed('the default export is not an object');
  const def = value as Record<string, unknown>;
  if (typeof def.up !== 'function') throw malformed('`up` is missing or not a function');
  if (typeof def.description !== 'string' || def.description.trim() === '') throw malformed('`description` is missing or empty');
  for (const key of ['down', 'verify'] as const) {
    if (def[key] !== undefined && typeof def[key] !== 'function') throw malformed(`\`${key}\` is not a function`);
  }
  if (def.transactional !== undefined && typeof def.transactional !== 'boolean') throw malformed('`transactional` must be true or false');
  if (def.sector !== undefined && typeof def.sector !== 'string') throw malformed('`sector` must be a string');
  if (def.checks !== undefined && (typeof def.checks !== 'object' || def.checks === null)) throw malformed('`checks` must be an object');
  return def as unknown as MigrationDefinition;
}

/** An SQL migration's description: its first comment line after `-- migrate:up`'s file header, else its slug. */
function describeSql(file: MigrationFile): string {
  const first = /^--\s*(?!migrate:)(.+)$/m.exec(file.text);
  return first?.[1]?.trim() || file.slug.replace(/[_-]/g, ' ') || path.basename(file.file);
}
