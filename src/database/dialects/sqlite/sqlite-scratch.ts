import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ScratchDatabase } from '../../backup-driver.ts';

/**
 * A fresh, empty SQLite database in a new temporary folder; `drop()` deletes the folder.
 *
 * @example
 * const scratch = createSqliteScratch()  // { url: 'sqlite:/tmp/dihya-scratch-x1/scratch.sqlite', drop }
 * await scratch.drop()
 */
export function createSqliteScratch(): ScratchDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-scratch-'));
  const file = path.join(dir, 'scratch.sqlite');
  new DatabaseSync(file).close();
  return {
    url: `sqlite:${file}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
