import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupMethod } from '../database/backup-driver.ts';

export const MANIFEST_FILE = 'manifest.json';

/** What a backup folder holds and what the database looked like when it was taken. */
export interface BackupManifest {
  format: 1;
  /** Folder name: `<UTC timestamp>-<reason slug>`. */
  id: string;
  createdAt: string;
  /** Why it was taken, e.g. `before up`, `before 20261127061249_add_email`, `manual`. */
  reason: string;
  tool: string;
  dialect: string;
  /** The database URL without credentials. */
  target: string;
  targetKey: string;
  /** How it was made (`sqlite-backup`, `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`). */
  method: BackupMethod;
  files: { name: string; size: number; sha256: string }[];
  totalSize: number;
  /** Exact row count per table at backup time (dihya-migrate's audit and lock tables left out). */
  rowCounts: Record<string, number>;
  /** SHA-256 of the schema snapshot at backup time. */
  schemaHash: string;
  /** Last applied migration version at backup time, if any. */
  lastApplied: string | null;
  durationMs: number;
}

export function readManifest(dir: string): BackupManifest {
  return JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
}

export function writeManifest(dir: string, manifest: BackupManifest): void {
  writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}
