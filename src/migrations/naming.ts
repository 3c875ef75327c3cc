/** The parts of a migration file name `YYYYMMDDHHMMSS_slug.ext`. */
export interface MigrationName {
  /** The 14-digit timestamp, e.g. `20261127061249`. */
  version: string;
  slug: string;
  /** File name without extension, e.g. `20261127061249_add_email`. */
  name: string;
  kind: 'sql' | 'ts';
}

export const MIGRATION_EXTENSIONS = ['.sql', '.ts', '.mts', '.js', '.mjs'] as const;
const PATTERN = /^(\d{14})_([a-z0-9][a-z0-9_-]*)\.(sql|ts|mts|js|mjs)$/;
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/** True for files the migrations folder must name correctly (SQL and script files, not `.d.ts`). */
export function looksLikeMigration(fileName: string): boolean {
  if (fileName.startsWith('.') || fileName.endsWith('.d.ts')) return false;
  return MIGRATION_EXTENSIONS.some((ext) => fileName.endsWith(ext));
}

/**
 * Parses a migration file name; undefined when it does not follow `YYYYMMDDHHMMSS_slug.ext`
 * or the timestamp is not a real UTC date and time.
 *
 * @example
 * parseMigrationName('20261127061249_add_email.sql')
 * // { version: '20261127061249', slug: 'add_email', name: '20261127061249_add_email', kind: 'sql' }
 */
export function parseMigrationName(fileName: string): MigrationName | undefined {
  const match = PATTERN.exec(fileName);
  if (!match) return undefined;
  const [, version, slug, ext] = match as unknown as [string, string, string, string];
  if (!isRealTimestamp(version)) return undefined;
  return { version, slug, name: `${version}_${slug}`, kind: ext === 'sql' ? 'sql' : 'ts' };
}

/** True for a valid slug: lowercase letters, digits, `_` and `-`, starting with a letter or digit. */
export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug);
}

/**
 * The 14-digit version for a date (UTC).
 *
 * @example
 * versionFor(new Date('2026-11-27T06:12:49Z')) // '20261127061249'
 */
export function versionFor(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function isRealTimestamp(version: string): boolean {
  const iso = `${version.slice(0, 4)}-${version.slice(4, 6)}-${version.slice(6, 8)}T${version.slice(8, 10)}:${version.slice(10, 12)}:${version.slice(12, 14)}Z`;
  const date = new Date(iso);
  return !Number.isNaN(date.getTime()) && versionFor(date) === version;
}
