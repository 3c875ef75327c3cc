import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { DialectName } from '../database/parse-url.ts';
import type { MigrationDefinition } from './define-migration.ts';
import { validateDefinition } from './definition-schema.ts';
import type { MigrationFile } from './discover.ts';
import { readSqlMigration, readSqlParts, type FileStatement } from './sql-migration.ts';

/** A migration file with its steps ready to run. */
export interface LoadedMigration extends MigrationFile {
  definition: MigrationDefinition;
  /** SQL files: each section's statements with the line of the file they start on (`plan --statements`). */
  sql?: { up: FileStatement[]; down?: FileStatement[] };
}

/**
 * Loads a migration's steps: SQL files are parsed (directives, sections, statements checked
 * against their transaction mode), TypeScript/JavaScript files are imported (Node strips the
 * types); either way every field of the definition is checked (zod) before anything runs.
 *
 * @example
 * const loaded = await loadMigration(files[0], 'sqlite')
 * await loaded.definition.up(ctx)
 */
export async function loadMigration(file: MigrationFile, dialect: DialectName): Promise<LoadedMigration> {
  if (file.kind === 'sql') {
    const source = { name: file.name, fileName: path.basename(file.file), dialect, fallbackDescription: describeSql(file) };
    const sql = file.parts ? readSqlParts(file.parts, source) : readSqlMigration(file.text, source);
    return { ...file, definition: sql.definition, sql: { up: sql.up, ...(sql.down ? { down: sql.down } : {}) } };
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
  return validateDefinition(def, { name, kind: 'ts' });
}

/** An SQL migration's fallback description: its first plain comment line anywhere, else its slug. */
function describeSql(file: MigrationFile): string {
  const first = /^--(?!\s*(?:migrate|dihya):)\s*(.+)$/m.exec(file.text);
  return first?.[1]?.trim() || file.note || file.slug.replace(/[_-]/g, ' ') || path.basename(file.file);
}
