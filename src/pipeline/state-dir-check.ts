import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stateWriteError } from '../errors/state-write.ts';

/**
 * Throws STATE_WRITE_FAILED when the state dir (or a folder in it: logs, backups) cannot be
 * written: a file is created there and removed. Run before the lock by every command that writes
 * the audit, the run log or backups, so a read-only folder stops it with nothing changed.
 *
 * @example
 * assertStateDirWritable('/project/.dihya', '/project')
 */
export function assertStateDirWritable(stateDir: string, relativeTo?: string): void {
  const probe = (dir: string) => {
    const file = path.join(dir, `.write-check-${process.pid}`);
    try {
      writeFileSync(file, '', { mode: 0o600 });
      rmSync(file, { force: true });
    } catch (error) {
      throw stateWriteError(error, undefined, relativeTo) ?? error;
    }
  };
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw stateWriteError(error, undefined, relativeTo) ?? error;
  }
  probe(stateDir);
  for (const entry of readdirSync(stateDir, { withFileTypes: true })) if (entry.isDirectory()) probe(path.join(stateDir, entry.name));
}
