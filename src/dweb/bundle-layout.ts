/**
 * Where each part of the local state sits inside a bundle (a UnixFS directory). No name starts
 * with a dot: `ipfs add -r` leaves hidden files out by default.
 *
 * @example
 * BUNDLE_PATHS.migration('20261127061249_add_email.sql') // 'migrations/20261127061249_add_email.sql'
 */
export const BUNDLE_PATHS = {
  index: 'index.json',
  history: 'history.json',
  audit: 'audit.jsonl',
  migrationsFolder: 'migrations/',
  migration: (fileName: string) => `migrations/${fileName}`,
  backupManifest: (id: string) => `backups/${id}/manifest.json`,
} as const;

/** The format name every bundle's `index.json` carries. */
export const BUNDLE_FORMAT = 'dihya-migrate-bundle/1';
