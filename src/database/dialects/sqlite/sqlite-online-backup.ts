import { open } from 'node:fs/promises';
import { backup, DatabaseSync } from 'node:sqlite';
import { fileDigest } from '../../../tools/file-digest.ts';
import { copySqliteFileSnapshot } from './sqlite-file-snapshot.ts';

/** Pages per backup step: all of them, so the copy is made in one read transaction of the source. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the SQLite database `sourceFile` into `destinationFile` as one consistent snapshot,
 * from connections of its own (the source stays usable): the file itself, copied while SQLite's
 * locks keep it holding the snapshot (see copySqliteFileSnapshot), or else with SQLite's online
 * backup API (node:sqlite `backup()`). The copy is then switched to rollback-journal mode (a
 * single self-contained file even when the source uses WAL) and `exclude`d tables are dropped
 * from it, without a journal or a sync per change (the copy is not a backup until its manifest
 * is written).
 *
 * @example
 * await copySqliteDatabase('/srv/app.db', '/backups/2026-11-27/database.sqlite', ['dihya_audit'])
 */
export async function copySqliteDatabase(sourceFile: string, destinationFile: string, exclude: readonly string[] = []): Promise<void> {
  if (!(await copySqliteFileSnapshot(sourceFile, destinationFile))) {
    const source = new DatabaseSync(sourceFile, { timeout: 5000 });
    try {
      await backup(source, destinationFile, { rate: ALL_PAGES });
    } finally {
      source.close();
    }
  }
  const copy = new DatabaseSync(destinationFile);
  try {
    copy.exec('pragma synchronous = off');
    copy.exec('pragma journal_mode = delete');
    dropTables(copy, exclude);
  } finally {
    copy.close();
  }
}

/**
 * Size and SHA-256 of a finished backup copy, read while the copy is synced to disk (the hash
 * reads what the page cache holds; the sync writes it out): the two overlap instead of adding up.
 *
 * @example
 * const { size, sha256 } = await digestAndSync('/backups/2026-11-27/database.sqlite')
 */
export async function digestAndSync(file: string): Promise<{ size: number; sha256: string }> {
  const handle = await open(file, 'r+');
  try {
    const [digest] = await Promise.all([fileDigest(file), handle.sync()]);
    return digest;
  } finally {
    await handle.close();
  }
}

/**
 * Drops `tables` from a backup copy (dihya-migrate's own tables are not backed up), and compacts
 * the copy only when they took a large share of it (a long audit mirror can be most of a database).
 */
function dropTables(db: DatabaseSync, tables: readonly string[]): void {
  const present = tables.filter((table) => db.prepare("select 1 from sqlite_master where type = 'table' and name = ? collate nocase").get(table));
  if (present.length === 0) return;
  db.exec('pragma journal_mode = off');
  db.exec('begin');
  for (const table of present) db.exec(`drop table "${table.replace(/"/g, '""')}"`);
  db.exec('commit');
  const pages = Number((db.prepare('pragma page_count').get() as { page_count: number }).page_count);
  const free = Number((db.prepare('pragma freelist_count').get() as { freelist_count: number }).freelist_count);
  if (free > 0.25 * pages) db.exec('vacuum');
  db.exec('pragma journal_mode = delete');
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
