import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { UmzugStorage } from 'umzug';

/**
 * An umzug storage that keeps executed migration names in a table of the migrated SQLite
 * database itself (umzug ships JSON, memory, Sequelize and MongoDB storages, none for SQLite).
 *
 * @example
 * const storage = new SqliteTableStorage(db) // creates `umzug_migrations` when missing
 * new Umzug({ migrations, storage, context: db, logger: undefined })
 */
export class SqliteTableStorage implements UmzugStorage<DatabaseSync> {
  readonly table: string;
  #insert: StatementSync;
  #delete: StatementSync;
  #select: StatementSync;

  constructor(db: DatabaseSync, table = 'umzug_migrations') {
    this.table = table;
    db.exec(`create table if not exists "${table}" (name text primary key, executed_at text not null)`);
    this.#insert = db.prepare(`insert into "${table}" (name, executed_at) values (?, ?)`);
    this.#delete = db.prepare(`delete from "${table}" where name = ?`);
    this.#select = db.prepare(`select name from "${table}" order by name`);
  }

  async logMigration({ name }: { name: string }): Promise<void> {
    this.#insert.run(name, new Date().toISOString());
  }

  async unlogMigration({ name }: { name: string }): Promise<void> {
    this.#delete.run(name);
  }

  async executed(): Promise<string[]> {
    return this.#select.all().map((row) => String(row.name));
  }
}
