import { backup, DatabaseSync } from 'node:sqlite';

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
