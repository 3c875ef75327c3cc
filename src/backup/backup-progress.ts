import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a backup, verification or restore is, for a progress display: the task (`backup`,
 * `backup verify`, `restore`), its phase, and bytes done out of a total where known. The phase
 * `done` ends the task.
 *
 * @example
 * const progress: BackupProgress = { task: 'backup', phase: 'checksums', done: 1_048_576, total: 4_194_304, unit: 'bytes' }
 */
export interface BackupProgress {
  task: string;
  phase: string;
  done?: number;
  total?: number;
  unit?: 'bytes' | 'rows' | 'tables';
}

/** Receives {@link BackupProgress}; it must not throw (what it throws is ignored). */
export type BackupProgressListener = (progress: BackupProgress) => void;

/**
 * Reports the bytes written so far in `dir` every `everyMs` while a dump tool fills it; returns
 * the function that stops watching. Files that disappear while being read are skipped.
 *
 * @example
 * const stop = watchFolderBytes(dir, 250, (bytes) => report({ task: 'backup', phase: 'dumping', done: bytes, unit: 'bytes' }))
 * try { await dump(dir) } finally { stop() }
 */
export function watchFolderBytes(dir: string, everyMs: number, onBytes: (bytes: number) => void): () => void {
  const timer = setInterval(() => onBytes(folderBytes(dir)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function folderBytes(dir: string): number {
  let total = 0;
  try {
    for (const name of readdirSync(dir)) {
      try {
        total += statSync(path.join(dir, name)).size;
      } catch {
        // gone between readdir and stat
      }
    }
  } catch {
    // the folder is not there (yet, or any more)
  }
  return total;
}
