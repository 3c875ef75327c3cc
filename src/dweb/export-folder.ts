import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/config-schema.ts';
import { parseTargetUrl } from '../database/parse-url.ts';
import { targetKey } from '../database/target-key.ts';

/**
 * Where `export ipfs` writes a database's bundles by default: `<stateDir>/exports/<database key>/`.
 *
 * @example
 * exportFolder(config) // '/project/.dihya/exports/sqlite-app.db-3f2a9c1e'
 */
export function exportFolder(config: Pick<ResolvedConfig, 'stateDir' | 'url' | 'cwd'>): string {
  return path.join(config.stateDir, 'exports', targetKey(parseTargetUrl(config.url, config.cwd)));
}

/**
 * The default file name of a bundle: its UTC time then its root CID, so names sort by age.
 *
 * @example
 * bundleFileName(new Date('2026-11-27T06:12:49Z'), 'bafy…') // '20261127T061249Z-bafy….car'
 */
export function bundleFileName(at: Date, cid: string): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}-${cid}.car`;
}

/**
 * The newest bundle in the default export folder, or undefined when there is none.
 *
 * @example
 * latestBundle(config) // '/project/.dihya/exports/sqlite-app.db-3f2a9c1e/20261127T061249Z-bafy….car'
 */
export function latestBundle(config: Pick<ResolvedConfig, 'stateDir' | 'url' | 'cwd'>): string | undefined {
  const folder = exportFolder(config);
  if (!existsSync(folder)) return undefined;
  const newest = readdirSync(folder)
    .filter((name) => name.endsWith('.car'))
    .sort()
    .at(-1);
  return newest === undefined ? undefined : path.join(folder, newest);
}
