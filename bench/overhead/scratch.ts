import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder for one run: an empty migrations folder and a not-yet-created SQLite file. */
export interface Scratch {
  dir: string;
  migrationsDir: string;
  dbFile: string;
  /** Deletes the folder and everything in it. */
  remove(): void;
}

/**
 * Creates a fresh scratch folder under the OS temp folder, so every run starts from an empty
 * database and new migration files (no module cache, no page cache reuse of the same paths).
 *
 * @example
 * const scratch = makeScratch('knex')
 * try { ... } finally { scratch.remove() }
 */
export function makeScratch(label: string): Scratch {
  const dir = mkdtempSync(path.join(os.tmpdir(), `dihya-bench-${label}-`));
  const migrationsDir = path.join(dir, 'migrations');
  mkdirSync(migrationsDir);
  return {
    dir,
    migrationsDir,
    dbFile: path.join(dir, 'bench.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
