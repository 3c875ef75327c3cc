import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupMethod } from '../database/backup-driver.ts';
import { redactDeep } from '../privacy/redaction/redact.ts';

export const MANIFEST_FILE = 'manifest.json';
/**
 * The tables of a table-scoped backup as they are named in the database, next to its data (the
 * manifest holds them redacted: a table named `export_4111111111111111` is `export_[card]` there).
 */
export const SCOPE_FILE = 'scope.json';

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
  /** Exact row count per table at backup time (dihya-migrate's audit and lock tables left out); table names redacted. */
  rowCounts: Record<string, number>;
  /** Set for a table-scoped backup: the only tables it holds (a restore replaces only those; redacted, see {@link SCOPE_FILE}). */
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
 * Writes a manifest (0600), replacing the file atomically (write then rename), redacted as a
 * whole, keys included (reason, target, table names); returns what was written.
 *
 * @example
 * writeManifest(dir, { ...manifest, runOutcome: 'ok' })
 */
export function writeManifest(dir: string, manifest: BackupManifest): BackupManifest {
  const file = path.join(dir, MANIFEST_FILE);
  const temporary = `${file}.tmp`;
  const redacted = redactDeep(manifest);
  writeFileSync(temporary, `${JSON.stringify(redacted, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return redacted;
}

/**
 * The tables of a table-scoped backup as named in the database: {@link SCOPE_FILE}, or the
 * manifest's list for a backup written before it existed.
 *
 * @example
 * scopeOf(dir, manifest) // ['orders', 'export_4111111111111111']
 */
export function scopeOf(dir: string, manifest: BackupManifest): string[] | undefined {
  if (!manifest.tables) return undefined;
  try {
    const tables: unknown = JSON.parse(readFileSync(path.join(dir, SCOPE_FILE), 'utf8'));
    if (Array.isArray(tables) && tables.every((t) => typeof t === 'string')) return tables;
  } catch {
    // no scope file: a backup written before it existed, whose manifest holds the names as they are
  }
  return manifest.tables;
}

/**
 * Writes {@link SCOPE_FILE} (0600) for a table-scoped backup.
 *
 * @example
 * writeScope(dir, ['orders'])
 */
export function writeScope(dir: string, tables: readonly string[]): void {
  writeFileSync(path.join(dir, SCOPE_FILE), `${JSON.stringify(tables)}\n`, { mode: 0o600 });
}
