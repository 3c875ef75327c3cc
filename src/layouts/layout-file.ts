import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { entriesOf } from '../util/dir-entries.ts';
import { migrationChecksum } from '../migrations/checksum.ts';
import type { MigrationFile } from '../migrations/discover.ts';
import type { SqlParts } from '../migrations/sql-parts.ts';
import { compareVersions } from '../migrations/version-order.ts';
import type { LayoutName } from './layout.ts';

/**
 * What a layout reader knows of one migration; {@link layoutMigration} makes the MigrationFile.
 *
 * @example
 * const found: FoundMigration = { version: '1', name: '000001_users', slug: 'users', file: '/p/000001_users.up.sql', parts }
 */
export interface FoundMigration {
  version: string;
  name: string;
  slug: string;
  /** The `up` script's path. */
  file: string;
  parts: SqlParts;
  repeatable?: boolean;
  note?: string;
}

/**
 * A migration of another layout as the runner sees it. Its checksum covers every script (by its
 * role, not its file name), so an edit to a `down` or `verify` script is drift like an edit to `up`.
 *
 * @example
 * const file = layoutMigration(found)
 * file.kind // 'sql'
 */
export function layoutMigration(found: FoundMigration): MigrationFile {
  const roles = (['up', 'down', 'verify'] as const).filter((role) => found.parts[role] !== undefined);
  const text = roles.map((role) => found.parts[role]!.text).join('\n');
  // by role, not by file name: a renamed file keeps its checksum (`repair --renamed` realigns the name)
  const checksum = migrationChecksum(roles.map((role) => `${role}\0${found.parts[role]!.text}`).join('\0'));
  return {
    version: found.version,
    name: found.name,
    slug: found.slug,
    kind: 'sql',
    file: found.file,
    text,
    checksum,
    parts: found.parts,
    ...(found.repeatable ? { repeatable: true } : {}),
    ...(found.note ? { note: found.note } : {}),
  };
}

/**
 * The migrations in version order; two with the same version (`1` and `001`, `1.0` and `1`) are refused.
 *
 * @example
 * inVersionOrder(found.map(layoutMigration))
 */
export function inVersionOrder(files: MigrationFile[]): MigrationFile[] {
  const sorted = [...files].sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (compareVersions(a.version, b.version) === 0) {
      throw new DihyaError('MIGRATION_DUPLICATE', { version: b.version, first: path.basename(a.file), second: path.basename(b.file) });
    }
  }
  return sorted;
}

/**
 * The `.sql` files directly in a folder, sorted, hidden ones left out.
 *
 * @example
 * sqlFilesIn('migrations') // ['V1__init.sql', 'V2__users.sql']
 */
export function sqlFilesIn(dir: string): string[] {
  return entriesOf(dir, 'file')
    .filter((entry) => !entry.startsWith('.') && entry.endsWith('.sql'))
    .sort();
}

/**
 * Reads a script as UTF-8.
 *
 * @example
 * readScript('/p/V1__init.sql')
 */
export function readScript(file: string): string {
  return readFileSync(file, 'utf8');
}

/**
 * The error for a file a layout cannot name.
 *
 * @example
 * throw invalidFile('flyway', 'V1_init.sql', 'V<version>__<description>.sql')
 */
export function invalidFile(layout: LayoutName, file: string, expected: string): DihyaError<'LAYOUT_FILE_INVALID'> {
  return new DihyaError('LAYOUT_FILE_INVALID', { layout, file, expected });
}
