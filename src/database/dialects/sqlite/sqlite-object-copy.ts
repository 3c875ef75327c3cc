import { DatabaseSync } from 'node:sqlite';
import { sleep } from '../../../util/sleep.ts';

/** sqlite_master entries, in the order they are recreated: what later kinds refer to comes first. */
const KIND_ORDER = ['table', 'index', 'view', 'trigger'] as const;

interface MasterEntry {
  type: (typeof KIND_ORDER)[number];
  name: string;
  tbl_name: string;
  sql: string;
}

/** What to copy from one SQLite file into another. */
export interface SqliteCopyScope {
  /** Only these tables (with their indexes and triggers); all objects when absent. */
  tables?: string[];
  /** Tables neither dropped nor written in the destination (dihya-migrate's lock and audit mirror), nor read from the source. */
  keep: string[];
  /** Destination tables to drop as well (created after the source was taken). */
  drop?: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Makes the objects in scope of `destinationFile` identical to those of `sourceFile`, in ONE
 * write transaction of the destination (BEGIN IMMEDIATE, waited for up to `busyTimeoutMs` while
 * another connection writes, without blocking the event loop; foreign keys off for the copy): the
 * destination's objects in scope are dropped, the source's recreated from their sqlite_master SQL
 * (tables, then indexes, views and triggers), and rows copied with `INSERT … SELECT` (generated
 * columns left out, `sqlite_sequence` and `user_version` carried over). The `keep` tables are
 * never touched, so the migration lock and the audit mirror survive a restore. Shadow tables of
 * virtual tables are left to their CREATE VIRTUAL TABLE. Any failure rolls everything back.
 *
 * Used both ways: a table-scoped backup copies a few tables of the database into an empty file,
 * and a restore copies a backup file back into the database.
 *
 * @example
 * await copySqliteObjects('/backups/b1/database.sqlite', '/srv/app.db', { keep: ['dihya_migrations_lock', 'dihya_audit'] })
 * await copySqliteObjects('/srv/app.db', '/backups/b2/database.sqlite', { tables: ['orders'], keep: [] })
 */
export async function copySqliteObjects(sourceFile: string, destinationFile: string, scope: SqliteCopyScope, busyTimeoutMs = 30_000): Promise<void> {
  const destination = new DatabaseSync(destinationFile, { timeout: 50 });
  const keep = new Set(scope.keep.map((t) => t.toLowerCase()));
  const wanted = scope.tables ? new Set(scope.tables.map((t) => t.toLowerCase())) : undefined;
  const inScope = (entry: Pick<MasterEntry, 'tbl_name'>) => !keep.has(entry.tbl_name.toLowerCase()) && (!wanted || wanted.has(entry.tbl_name.toLowerCase()));
  try {
    destination.exec('pragma foreign_keys = off');
    destination.exec(`attach database ${literal(sourceFile)} as source`);
    await beginImmediate(destination, busyTimeoutMs);
    try {
      const sourceEntries = readMaster(destination, 'source').filter(inScope);
      const current = readMaster(destination, 'main');
      const dropTables = new Set((scope.drop ?? []).map((t) => t.toLowerCase()));
      // Drop what is in scope now: views and triggers first (they refer to tables), then tables (their indexes go with them).
      for (const entry of [...current].reverse()) {
        const dropping = inScope(entry) || dropTables.has(entry.tbl_name.toLowerCase());
        if (!dropping || keep.has(entry.tbl_name.toLowerCase())) continue;
        if (entry.type === 'view' && wanted) continue; // a table-scoped copy leaves views alone
        if (entry.type === 'index') continue;
        destination.exec(`drop ${entry.type} if exists main.${quote(entry.name)}`);
      }
      for (const entry of sourceEntries.filter((e) => e.type === 'table')) {
        destination.exec(entry.sql);
        const columns = insertableColumns(destination, entry.name);
        if (columns.length > 0) {
          const list = columns.map(quote).join(', ');
          destination.exec(`insert into main.${quote(entry.name)} (${list}) select ${list} from source.${quote(entry.name)}`);
        }
      }
      for (const entry of sourceEntries.filter((e) => e.type !== 'table' && (e.type !== 'view' || !wanted))) destination.exec(entry.sql);
      copySequences(
        destination,
        sourceEntries.filter((e) => e.type === 'table').map((e) => e.name),
      );
      if (!wanted) {
        const { user_version: version } = destination.prepare('pragma source.user_version').get() as { user_version: number };
        destination.exec(`pragma main.user_version = ${Number(version)}`);
      }
      destination.exec('commit');
    } catch (error) {
      if (destination.isTransaction) destination.exec('rollback');
      throw error;
    }
  } finally {
    try {
      destination.exec('detach database source');
    } catch {
      // not attached (the attach itself failed)
    }
    destination.close();
  }
}

/**
 * The tables of a SQLite file that a backup would hold (SQLite's own and shadow tables left out).
 *
 * @example
 * sqliteTableNames('/srv/app.db') // ['customers', 'orders']
 */
export function sqliteTableNames(file: string): string[] {
  const db = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
  try {
    return readMaster(db, 'main')
      .filter((e) => e.type === 'table')
      .map((e) => e.name);
  } finally {
    db.close();
  }
}

/** The replayable entries of a schema (`main` or an attached one), in creation order, without SQLite's own objects and shadow tables. */
function readMaster(db: DatabaseSync, schema: string): MasterEntry[] {
  const shadow = new Set(
    (db.prepare(`select name from pragma_table_list where schema = ? and type = 'shadow'`).all(schema) as { name: string }[]).map((t) => t.name),
  );
  const rows = db
    .prepare(
      `select type, name, tbl_name, sql from ${schema}.sqlite_master
        where sql is not null and type in ('table', 'index', 'view', 'trigger') and name not like 'sqlite\\_%' escape '\\'
        order by rowid`,
    )
    .all() as unknown as MasterEntry[];
  return rows.filter((row) => !shadow.has(row.name) && !shadow.has(row.tbl_name)).sort((a, b) => KIND_ORDER.indexOf(a.type) - KIND_ORDER.indexOf(b.type));
}

/** The columns an INSERT can write: generated columns (hidden 2 and 3) left out. */
function insertableColumns(db: DatabaseSync, table: string): string[] {
  const columns = db.prepare(`select name, hidden from pragma_table_xinfo(?, 'main')`).all(table) as { name: string; hidden: number }[];
  return columns.filter((c) => Number(c.hidden) === 0).map((c) => c.name);
}

/** Carries the AUTOINCREMENT counters of the copied tables over. */
function copySequences(db: DatabaseSync, tables: string[]): void {
  if (tables.length === 0) return;
  const has = (schema: string) => db.prepare(`select 1 from ${schema}.sqlite_master where name = 'sqlite_sequence'`).get() !== undefined;
  if (!has('source') || !has('main')) return;
  const list = tables.map(literal).join(', ');
  db.exec(`delete from main.sqlite_sequence where name in (${list})`);
  db.exec(`insert into main.sqlite_sequence (name, seq) select name, seq from source.sqlite_sequence where name in (${list})`);
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** BEGIN IMMEDIATE, retried while another connection holds the write lock, up to `timeoutMs`. */
async function beginImmediate(db: DatabaseSync, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      db.exec('begin immediate');
      return;
    } catch (error) {
      const busy = /locked|busy/i.test(error instanceof Error ? error.message : String(error));
      if (!busy || Date.now() - started >= timeoutMs) throw error;
      await sleep(Math.min(25 * attempt, 250));
    }
  }
}
