import { Migrator } from '../../src/migrator/migrator.ts';
import type { BenchTool } from './bench-tool.ts';
import { timedRun } from './timed-run.ts';
import { writeSqlMigrations } from './write-migrations.ts';

/**
 * dihya-migrate through its public engine entry point: `Migrator.open` (config defaults, the
 * database URL and migrations folder as overrides), `up()`, `close()`, on `.sql` migration files;
 * the whole safety net included (lock, backup, audit, schema diff and data checks after each
 * migration). With `atomic`, `up({ atomic: true })`: all migrations in one transaction, as knex
 * does by default (not on MariaDB, whose DDL commits on its own).
 */
export const dihyaTool = (options: { atomic: boolean }): BenchTool => ({
  name: options.atomic ? 'dihya --atomic' : 'dihya-migrate',
  commits: options.atomic ? '1 for the whole batch' : '1 per migration',
  dialects: options.atomic ? ['sqlite', 'postgres'] : ['sqlite', 'postgres', 'mysql'],
  runOnce(migrations, setup) {
    return timedRun(
      'dihya',
      setup,
      (scratch) => writeSqlMigrations(scratch.migrationsDir, migrations),
      async (database, scratch) => {
        const m = await Migrator.open({ cwd: scratch.dir, overrides: { url: database.url, migrationsDir: scratch.migrationsDir } });
        try {
          await m.up({ atomic: options.atomic });
        } finally {
          await m.close();
        }
      },
      'dihya_migrations',
      migrations.length,
    );
  },
});
