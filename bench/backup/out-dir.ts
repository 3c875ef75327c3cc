import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh, empty folder for one timed run. */
export interface OutDir {
  dir: string;
  /** Deletes the folder and everything in it. */
  remove(): void;
}

/**
 * Creates a new folder under the OS temp folder, so no run writes over (or reuses the page
 * cache of) another run's dump.
 *
 * @example
 * const out = makeOutDir('pg_dump')
 * try { ... } finally { out.remove() }
 */
export function makeOutDir(label: string): OutDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dihya-bench-backup-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
