import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { openNodeSqlite, type SyncSqliteDatabase, type SyncSqliteStatement } from '../../src/database/dialects/sqlite/node-sqlite-database.ts';

const require = createRequire(import.meta.url);
/** knex's own better-sqlite3 client (CommonJS, untyped; its base class is `Knex.Client`). */
const BetterSqlite3Client = require('knex/lib/dialects/better-sqlite3/index.js') as typeof Knex.Client;

/**
 * Stands in for the `better-sqlite3` Database class, backed by Node's built-in `node:sqlite`.
 * knex's client only calls `new Driver(filename, options)`, `prepare(sql)` (then the
 * statement's `reader`, `all(bindings)`, `run(bindings)`) and `close()`.
 */
class NodeSqliteDriver {
  #db: SyncSqliteDatabase;

  constructor(filename: string, options: { readonly?: boolean } = {}) {
    if (options.readonly) throw new Error('NodeSqliteDriver: read-only connections are not supported');
    this.#db = openNodeSqlite(filename);
  }

  prepare(sql: string): SyncSqliteStatement {
    return this.#db.prepare(sql);
  }

  exec(sql: string): this {
    this.#db.exec(sql);
    return this;
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * A knex client that is knex's better-sqlite3 client, but whose driver is `node:sqlite`
 * (through dihya-migrate's `openNodeSqlite` shim), so knex runs on the same SQLite engine
 * as dihya-migrate without a native module.
 *
 * @example
 * const db = knex({ client: NodeSqliteKnexClient, connection: { filename: './app.db' }, useNullAsDefault: true })
 */
export class NodeSqliteKnexClient extends BetterSqlite3Client {
  _driver(): typeof NodeSqliteDriver {
    return NodeSqliteDriver;
  }
}
