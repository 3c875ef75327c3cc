import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { Umzug } from 'umzug';
import type { BenchTool } from './bench-tool.ts';
import { timedRun } from './timed-run.ts';
import { SqliteTableStorage } from './umzug-sqlite-storage.ts';
import { writeSqlMigrations } from './write-migrations.ts';

/**
 * umzug (`up()`) on the same `.sql` files as dihya-migrate, found by umzug's glob and run by
 * a resolver that reads the file and executes its `-- migrate:up` section on `node:sqlite`
 * (what umzug's docs suggest for SQL files); SQLite only. Like umzug itself, no transactions: the
 * CREATE TABLE and the history insert each commit on their own.
 */
export const umzugTool: BenchTool = {
  name: 'umzug',
  commits: '2 per migration (autocommit)',
  dialects: ['sqlite'],
  runOnce(migrations, setup) {
    return timedRun(
      'umzug',
      setup,
      (scratch) => writeSqlMigrations(scratch.migrationsDir, migrations),
      async (_database, scratch) => {
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
      },
      'umzug_migrations',
      migrations.length,
    );
  },
};

/** The `up` or `down` section of a `-- migrate:up` / `-- migrate:down` file. */
function sqlSection(file: string, section: 'up' | 'down'): string {
  const [, afterUp = ''] = readFileSync(file, 'utf8').split('-- migrate:up\n');
  const [up = '', down = ''] = afterUp.split('-- migrate:down\n');
  return section === 'up' ? up : down;
}
