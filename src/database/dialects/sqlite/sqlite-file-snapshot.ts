import { constants } from 'node:fs';
import { chmod, copyFile, stat, truncate } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';

/** How long the brief write lock that proves a WAL database checkpointed may be waited for, before the online backup API is used instead. */
const WRITE_LOCK_WAIT_MS = 250;

/**
 * Copies the SQLite file `sourceFile` byte for byte into `destinationFile` (a new file) while
 * SQLite's own locks keep every page of one committed state in the file and unchanged: a read
 * transaction is held for the whole copy, and
 *  - in rollback-journal modes that read transaction's SHARED lock keeps writers from writing the
 *    file (a hot journal is rolled back as the read begins);
 *  - in WAL mode the read begins only once the WAL is wholly checkpointed into the file, proven
 *    under a brief write lock (no commit can come in between); a checkpoint cannot write into the
 *    file while such a reader runs, and later commits stay in the WAL, outside the copy.
 * The copy holds exactly the snapshot's pages (`page_count` × `page_size`). A file copy runs at
 * the disk's speed, several times faster than the page-by-page online backup API.
 *
 * Returns false, having written nothing, when the file cannot be proven to hold the snapshot: a
 * WAL that other readers keep from being checkpointed, or a writer holding the write lock longer
 * than a quarter of a second. The caller then uses the online backup API.
 *
 * @example
 * if (!(await copySqliteFileSnapshot('/srv/app.db', '/backups/b1/database.sqlite'))) await backup(source, '/backups/b1/database.sqlite')
 */
export async function copySqliteFileSnapshot(sourceFile: string, destinationFile: string): Promise<boolean> {
  const reader = new DatabaseSync(sourceFile, { timeout: 5000 });
  try {
    if (!beginStableRead(reader, sourceFile)) return false;
    try {
      const bytes = pragmaNumber(reader, 'page_size') * pragmaNumber(reader, 'page_count');
      await copyFile(sourceFile, destinationFile, constants.COPYFILE_EXCL);
      await chmod(destinationFile, 0o600); // the copy takes the source's mode: it is private, and written to next
      const size = (await stat(destinationFile)).size;
      if (size < bytes) throw new Error(`the copy of ${sourceFile} is ${size} bytes where its snapshot holds ${bytes}`);
      if (size > bytes) await truncate(destinationFile, bytes);
    } finally {
      reader.exec('commit');
    }
    return true;
  } finally {
    reader.close();
  }
}

/**
 * Begins a read transaction on `reader` in which the file itself holds every page of the
 * snapshot, or returns false (no transaction open) when that cannot be proven.
 */
function beginStableRead(reader: DatabaseSync, sourceFile: string): boolean {
  // Asked inside a read transaction: in rollback-journal mode its SHARED lock keeps the mode from changing.
  beginRead(reader);
  if (!inWalMode(reader)) return true;
  reader.exec('commit');
  const writer = new DatabaseSync(sourceFile, { timeout: WRITE_LOCK_WAIT_MS });
  try {
    try {
      writer.exec('begin immediate');
    } catch {
      return false; // another connection is writing: the online backup does not wait for it
    }
    try {
      const { busy, log, checkpointed } = reader.prepare('pragma wal_checkpoint(passive)').get() as { busy: number; log: number; checkpointed: number };
      if (busy !== 0 || log !== checkpointed) return false;
      beginRead(reader);
      return true;
    } finally {
      writer.exec('rollback');
    }
  } finally {
    writer.close();
  }
}

function inWalMode(db: DatabaseSync): boolean {
  return (db.prepare('pragma journal_mode').get() as { journal_mode: string }).journal_mode.toLowerCase() === 'wal';
}

/** Opens a read transaction and takes its snapshot (a deferred BEGIN reads nothing yet). */
function beginRead(db: DatabaseSync): void {
  db.exec('begin');
  db.prepare('select count(*) from sqlite_master').get();
}

function pragmaNumber(db: DatabaseSync, name: 'page_size' | 'page_count'): number {
  return Number((db.prepare(`pragma ${name}`).get() as Record<string, number>)[name]);
}
