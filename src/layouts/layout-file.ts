import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
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
 * A migration of another layout as the runner sees it. Its checksum covers every script (and
 * each script's file name), so an edit to a `down` or `verify` script is drift like an edit to `up`.
 *
 * @example
 * const file = layoutMigration(found)
 * file.kind // 'sql'
 */
export function layoutMigration(found: FoundMigration): MigrationFile {
  const scripts = [found.parts.up, found.parts.down, found.parts.verify].filter((p) => p !== undefined);
  const text = scripts.map((p) => p.text).join('\n');
  const checksum = migrationChecksum(scripts.map((p) => `${p.fileName}\n${p.text}`).join('\0'));
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
  return readdirSync(dir)
    .filter((entry) => !entry.startsWith('.') && entry.endsWith('.sql') && statSync(path.join(dir, entry)).isFile())
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
