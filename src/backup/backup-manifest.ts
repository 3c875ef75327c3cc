import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupMethod } from '../database/backup-driver.ts';

export const MANIFEST_FILE = 'manifest.json';

/**
 * Why a backup was taken:
 * - `run`: before a run that changes the database (`up`, `down`);
 * - `step`: just before a statement that cannot roll back, of the tables it touches;
 * - `safety`: of the current state, before `backup restore` replaces it;
 * - `manual`: `backup create`.
 *
 * @example
 * const kind: BackupKind = 'run'
 */
export type BackupKind = 'run' | 'step' | 'safety' | 'manual';

/** What a backup folder holds and what the database looked like when it was taken. */
export interface BackupManifest {
  format: 1;
  /** Folder name: `<UTC timestamp>-<kind>-<random>` (never the reason: it may hold anything). */
  id: string;
  createdAt: string;
  /** Why it was taken, e.g. `before up`, `before 20261127061249_add_email`, `manual` (redacted). */
  reason: string;
  kind?: BackupKind;
  /** The run that took it (backups are kept and pruned per run). */
  run?: string;
  /** How the run ended: set when the run is over (`failed` runs do not push good backups out). */
  runOutcome?: 'ok' | 'failed';
  /** When it was last restored: the current state grew from it, so retention counts it as that recent. */
  restoredAt?: string;
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
  /** Set for a table-scoped backup: the only tables it holds (a restore replaces only those). */
  tables?: string[];
  /** SHA-256 of the schema snapshot at backup time (absent for a table-scoped backup). */
  schemaHash: string;
  /** Last applied migration version at backup time, if any. */
  lastApplied: string | null;
  durationMs: number;
}

/**
 * Reads a backup folder's manifest; throws with the reason when it is missing or not valid JSON
 * of the right shape (the caller decides whether that is fatal).
 *
 * @example
 * const manifest = readManifest('/project/.dihya/backups/sqlite-app.db-1a2b3c4d/20261127T061249000Z-run-3f9a')
 */
export function readManifest(dir: string): BackupManifest {
  const text = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${MANIFEST_FILE} is not valid JSON`, { cause: error });
  }
  const m = value as Partial<BackupManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== 1 || typeof m.id !== 'string' || !Array.isArray(m.files) || typeof m.rowCounts !== 'object') {
    throw new Error(`${MANIFEST_FILE} does not describe a dihya-migrate backup`);
  }
  return m as BackupManifest;
}

/**
 * Writes a manifest (0600), replacing the file atomically (write then rename).
 *
 * @example
 * writeManifest(dir, { ...manifest, runOutcome: 'ok' })
 */
export function writeManifest(dir: string, manifest: BackupManifest): void {
  const file = path.join(dir, MANIFEST_FILE);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
