import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { Umzug } from 'umzug';
import type { BenchTool } from './bench-tool.ts';
import { makeScratch } from './scratch.ts';
import { SqliteTableStorage } from './umzug-sqlite-storage.ts';
import { verifyDatabase } from './verify-database.ts';
import { writeSqlMigrations } from './write-migrations.ts';

/**
 * umzug (`up()`) on the same `.sql` files as dihya-migrate, found by umzug's glob and run by
 * a resolver that reads the file and executes its `-- migrate:up` section on `node:sqlite`
 * (what umzug's docs suggest for SQL files). Like umzug itself, no transactions: the
 * CREATE TABLE and the history insert each commit on their own.
 */
export const umzugTool: BenchTool = {
  name: 'umzug',
  commits: '2 per migration (autocommit)',
  async runOnce(migrations) {
    const scratch = makeScratch('umzug');
    try {
      writeSqlMigrations(scratch.migrationsDir, migrations);
      const started = performance.now();
      const db = new DatabaseSync(scratch.dbFile);
      try {
        const umzug = new Umzug<DatabaseSync>({
          migrations: {
            glob: ['*.sql', { cwd: scratch.migrationsDir }],
            resolve: ({ name, path, context }) => ({
              name,
              up: async () => context.exec(sqlSection(path!, 'up')),
              down: async () => context.exec(sqlSection(path!, 'down')),
            }),
          },
          context: db,
          storage: new SqliteTableStorage(db),
          logger: undefined,
        });
        await umzug.up();
      } finally {
        db.close();
      }
      const elapsed = performance.now() - started;
      verifyDatabase(scratch.dbFile, 'umzug_migrations', migrations.length, this.name);
      return elapsed;
    } finally {
      scratch.remove();
    }
  },
};

/** The `up` or `down` section of a `-- migrate:up` / `-- migrate:down` file. */
function sqlSection(file: string, section: 'up' | 'down'): string {
  const [, afterUp = ''] = readFileSync(file, 'utf8').split('-- migrate:up\n');
  const [up = '', down = ''] = afterUp.split('-- migrate:down\n');
  return section === 'up' ? up : down;
}
