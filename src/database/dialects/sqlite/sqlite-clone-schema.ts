import { DatabaseSync } from 'node:sqlite';

/** sqlite_master entries replayed, in this order: what later kinds refer to comes first. */
const KIND_ORDER = ['table', 'index', 'view', 'trigger'] as const;

interface SchemaEntry {
  type: (typeof KIND_ORDER)[number];
  name: string;
  sql: string;
}

/**
 * Copies the schema of the SQLite database `sourceFile` (tables, indexes, views, triggers and
 * `user_version`; no rows) into the empty database `destinationFile`, by replaying the `sql` of
 * sqlite_master in one transaction: tables first, then indexes, views and triggers, each kind in
 * sqlite_master order. Only the schema is read, so it takes the same time whatever the size of
 * the tables. Left out: SQLite's own objects (`sqlite_sequence`, `sqlite_stat*`, the automatic
 * indexes behind UNIQUE / PRIMARY KEY, which the CREATE TABLE recreates) and the shadow tables of
 * virtual tables (their CREATE VIRTUAL TABLE recreates them). The source is opened read-only.
 * Throws, leaving the destination as it was, when it is not empty or a statement fails.
 *
 * @example
 * cloneSqliteSchema('/srv/app.db', '/tmp/dihya-scratch-x1/scratch.sqlite')
 */
export function cloneSqliteSchema(sourceFile: string, destinationFile: string): void {
  const { entries, userVersion } = readSchema(sourceFile);
  const destination = new DatabaseSync(destinationFile, { timeout: 5000 });
  try {
    const existing = destination.prepare('select name from sqlite_master limit 3').all() as { name: string }[];
    if (existing.length > 0) {
      throw new Error(`Cannot copy the schema into ${destinationFile}: it is not empty (it holds ${existing.map((e) => e.name).join(', ')}…)`);
    }
    destination.exec('begin immediate');
    try {
      for (const entry of entries) {
        try {
          destination.exec(entry.sql);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`Could not recreate ${entry.type} ${entry.name} in the copy: ${reason}`, { cause: error });
        }
      }
      destination.exec(`pragma user_version = ${userVersion}`);
      destination.exec('commit');
    } catch (error) {
      if (destination.isTransaction) destination.exec('rollback');
      throw error;
    }
  } finally {
    destination.close();
  }
}

/** The replayable sqlite_master entries of `file` in replay order, and its user_version. */
function readSchema(file: string): { entries: SchemaEntry[]; userVersion: number } {
  const source = new DatabaseSync(file, { readOnly: true, timeout: 5000 });
  try {
    const shadow = new Set(
      (source.prepare("select name from pragma_table_list where schema = 'main' and type = 'shadow'").all() as { name: string }[]).map((t) => t.name),
    );
    const rows = source
      .prepare(
        `select type, name, sql from sqlite_master
          where sql is not null and type in ('table', 'index', 'view', 'trigger') and name not like 'sqlite\\_%' escape '\\'
          order by rowid`,
      )
      .all() as unknown as SchemaEntry[];
    const entries = rows.filter((row) => !shadow.has(row.name)).sort((a, b) => KIND_ORDER.indexOf(a.type) - KIND_ORDER.indexOf(b.type));
    const { user_version: userVersion } = source.prepare('pragma user_version').get() as { user_version: number };
    return { entries, userVersion: Number(userVersion) };
  } finally {
    source.close();
  }
}
