import { Migrator } from '../../src/migrator/migrator.ts';
import type { BenchTool } from './bench-tool.ts';
import { makeScratch } from './scratch.ts';
import { verifyDatabase } from './verify-database.ts';
import { writeSqlMigrations } from './write-migrations.ts';

/**
 * dihya-migrate through its public engine entry point: `Migrator.open` (config defaults, SQLite
 * URL and migrations folder as overrides), `up()`, `close()`, on `.sql` migration files; the whole
 * safety net included (lock, backup, audit, schema diff and data checks after each migration).
 * With `atomic`, `up({ atomic: true })`: all migrations in one transaction, as knex does by default.
 */
export const dihyaTool = (options: { atomic: boolean }): BenchTool => ({
  name: options.atomic ? 'dihya --atomic' : 'dihya-migrate',
  commits: options.atomic ? '1 for the whole batch' : '1 per migration',
  async runOnce(migrations) {
    const scratch = makeScratch('dihya');
    try {
      writeSqlMigrations(scratch.migrationsDir, migrations);
      const started = performance.now();
      const m = await Migrator.open({ cwd: scratch.dir, overrides: { url: 'sqlite:' + scratch.dbFile, migrationsDir: scratch.migrationsDir } });
      try {
        await m.up({ atomic: options.atomic });
      } finally {
        await m.close();
      }
      const elapsed = performance.now() - started;
      verifyDatabase(scratch.dbFile, 'dihya_migrations', migrations.length, options.atomic ? 'dihya --atomic' : 'dihya-migrate');
      return elapsed;
    } finally {
      scratch.remove();
    }
  },
});
