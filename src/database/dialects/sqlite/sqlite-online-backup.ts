import { backup, DatabaseSync } from 'node:sqlite';
import { sleep } from '../../../util/sleep.ts';

/** Pages per backup step: all of them, so the copy is made in one read transaction of the source. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the SQLite database `sourceFile` into `destinationFile` with SQLite's online backup
 * API (node:sqlite `backup()`), from a connection of its own: the source stays usable and the
 * copy is one consistent snapshot. The copy is switched to rollback-journal mode so it is a
 * single self-contained file even when the source uses WAL.
 *
 * @example
 * await copySqliteDatabase('/srv/app.db', '/backups/2026-11-27/database.sqlite')
 */
export async function copySqliteDatabase(sourceFile: string, destinationFile: string): Promise<void> {
  const source = new DatabaseSync(sourceFile, { timeout: 5000 });
  try {
    await backup(source, destinationFile, { rate: ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new DatabaseSync(destinationFile);
  try {
    copy.exec('pragma journal_mode = delete');
  } finally {
    copy.close();
  }
}

/**
 * Overwrites the database `targetFile` with the content of `backupFile`, page by page, in one
 * write transaction of the target (SQLite backup API). Other connections to the target may stay
 * open: they see the restored content on their next statement. The target keeps its journal mode.
 * While another connection is writing, the copy is retried for up to `busyTimeoutMs`.
 *
 * @example
 * await overwriteSqliteDatabase('/backups/2026-11-27/database.sqlite', '/srv/app.db')
 */
export async function overwriteSqliteDatabase(backupFile: string, targetFile: string, busyTimeoutMs = 30_000): Promise<void> {
  const source = new DatabaseSync(backupFile, { readOnly: true });
  const started = Date.now();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await backup(source, targetFile, { rate: ALL_PAGES });
        return;
      } catch (error) {
        if (Date.now() - started >= busyTimeoutMs) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(
            `Could not restore into ${targetFile}: ${reason === 'not an error' ? 'the database stayed locked by another connection' : reason} ` +
              `(tried for ${Math.round((Date.now() - started) / 1000)} s). Finish or close the other connection's transaction and retry.`,
            { cause: error },
          );
        }
        await sleep(Math.min(50 * attempt, 500));
      }
    }
  } finally {
    source.close();
  }
}

/**
 * Exact row count of every table of a SQLite file (SQLite's own `sqlite_*` tables excluded).
 *
 * @example
 * countSqliteRows('/backups/2026-11-27/database.sqlite') // { customers: 1200, orders: 5400 }
 */
export function countSqliteRows(file: string): Record<string, number> {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name").all() as {
      name: string;
    }[];
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const row = db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number };
      counts[name] = Number(row.n);
    }
    return counts;
  } finally {
    db.close();
  }
}
