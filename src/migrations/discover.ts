import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { entriesOf } from '../util/dir-entries.ts';
import { migrationChecksum } from './checksum.ts';
import type { SqlParts } from './sql-parts.ts';
import { compareVersions } from './version-order.ts';
import { looksLikeMigration, parseMigrationName, type MigrationName } from './naming.ts';

/** A migration file found on disk, not yet loaded. */
export interface MigrationFile extends MigrationName {
  /** Absolute path. */
  file: string;
  checksum: string;
  text: string;
  /** A migration of another tool's layout: its scripts, each from its own file (own-layout files hold their sections in `text`). */
  parts?: SqlParts;
  /** Re-applied whenever its checksum changes, after every versioned migration (Flyway `R__name.sql`). */
  repeatable?: boolean;
  /** What the other tool's layout says the migration does (a Sqitch plan note), used when its scripts have no leading comment. */
  note?: string;
}

/**
 * Lists the migrations of a folder, oldest first. Every `.sql`/`.ts`/`.js` file must be
 * named `YYYYMMDDHHMMSS_slug.ext` and versions must be unique; other files are ignored.
 *
 * @example
 * const files = discoverMigrations('./migrations')
 * files.map((f) => f.name) // ['20261127061249_add_email', ...]
 */
export function discoverMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DihyaError('MIGRATIONS_DIR_MISSING', { dir });
  const byVersion = new Map<string, MigrationFile>();
  for (const entry of entriesOf(dir, 'file').sort()) {
    const file = path.join(dir, entry);
    if (!looksLikeMigration(entry)) continue;
    const name = parseMigrationName(entry);
    if (!name) throw new DihyaError('MIGRATION_NAME_INVALID', { file: entry });
    const previous = byVersion.get(name.version);
    if (previous) throw new DihyaError('MIGRATION_DUPLICATE', { version: name.version, first: path.basename(previous.file), second: entry });
    const text = readFileSync(file, 'utf8');
    byVersion.set(name.version, { ...name, file, text, checksum: migrationChecksum(text) });
  }
  return [...byVersion.values()].sort((a, b) => compareVersions(a.version, b.version));
}
