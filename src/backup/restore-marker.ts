import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What a restore in progress writes down before it starts, so that one cut short is detected. */
export interface RestoreMarker {
  /** The backup being restored. */
  backup: string;
  startedAt: string;
  pid: number;
  host: string;
  /** `manual` (backup restore) or `automatic` (after a failed migration). */
  kind: 'manual' | 'automatic';
}

const FILE = '.restore-in-progress.json';

/**
 * The marker of a restore in progress, in the database's backup folder (0600). It is written just
 * before a restore starts and removed once it completed, or once a restore that rolls back as a
 * whole (SQLite, PostgreSQL) failed; a marker left behind means a restore was cut short, and every
 * command refuses to go on (RESTORE_INTERRUPTED) until the backup is restored again.
 *
 * @example
 * const marker = new RestoreMarkerFile('/project/.dihya/backups/postgres-db-5432-shop')
 * marker.write({ backup: id, kind: 'manual' })
 * try { await restore() } finally { marker.clear() }
 */
export class RestoreMarkerFile {
  readonly file: string;

  constructor(folder: string) {
    this.file = path.join(folder, FILE);
  }

  write(marker: Pick<RestoreMarker, 'backup' | 'kind'>): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const full: RestoreMarker = { ...marker, startedAt: new Date().toISOString(), pid: process.pid, host: os.hostname() };
    writeFileSync(this.file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
  }

  /** The marker left by a restore, or undefined. An unreadable marker still counts (as an unknown backup). */
  read(): RestoreMarker | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as RestoreMarker;
    } catch {
      return { backup: 'unknown', startedAt: '', pid: 0, host: '', kind: 'manual' };
    }
  }

  /** True while the process that wrote the marker still runs on this host (its restore is not interrupted, it is going on). */
  isLive(marker: RestoreMarker): boolean {
    if (marker.host !== os.hostname() || marker.pid === process.pid || marker.pid <= 0) return false;
    try {
      process.kill(marker.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
