import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

/** The synchronous database shape Kysely's SQLite dialect (and knex's better-sqlite3 client) expect. */
export interface SyncSqliteDatabase {
  prepare(sql: string): SyncSqliteStatement;
  exec(sql: string): void;
  close(): void;
  readonly raw: DatabaseSync;
}

export interface SyncSqliteStatement {
  readonly reader: boolean;
  all(parameters?: readonly unknown[]): unknown[];
  run(parameters?: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(parameters?: readonly unknown[]): IterableIterator<unknown>;
}

/**
 * Opens a SQLite file with Node's built-in `node:sqlite` and presents it with the
 * better-sqlite3 statement API (`reader`, `all`, `run`, `iterate`), so Kysely can drive it.
 * Booleans are stored as 0/1 and Dates as ISO strings, as SQLite has neither type. The last 100
 * prepared statements are reused (SQLite re-prepares them by itself after a schema change).
 *
 * @example
 * const db = openNodeSqlite('./app.db', { busyTimeoutMs: 5000 })
 * db.prepare('select 1 as one').all() // [{ one: 1 }]
 */
export function openNodeSqlite(file: string, options: { busyTimeoutMs?: number } = {}): SyncSqliteDatabase {
  const raw = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5000 });
  const cache = new Map<string, SyncSqliteStatement>();
  return {
    raw,
    prepare: (sql) => {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = wrapStatement(raw.prepare(sql));
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    exec: (sql) => raw.exec(sql),
    close: () => {
      if (raw.isOpen) raw.close();
    },
  };
}

/** Prepared statements kept per connection (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 100;

function wrapStatement(statement: StatementSync): SyncSqliteStatement {
  return {
    reader: statement.columns().length > 0,
    all: (parameters = []) => statement.all(...toSqlite(parameters)),
    run: (parameters = []) => statement.run(...toSqlite(parameters)),
    iterate: (parameters = []) => statement.iterate(...toSqlite(parameters)),
  };
}

function toSqlite(parameters: readonly unknown[]): SQLInputValue[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    return value as SQLInputValue;
  });
}
