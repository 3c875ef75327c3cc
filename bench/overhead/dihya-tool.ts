import { Migrator } from '../../src/migrator/migrator.ts';
import type { RunEvent } from '../../src/pipeline/run-events.ts';
import type { BenchTool, RunDetail } from './bench-tool.ts';
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
  async runOnce(migrations, setup) {
    const detail: RunDetail = { stepsMs: 0, runBackupMs: 0, stepBackups: 0, stepBackupMs: 0 };
    let firstStart: number | undefined;
    const onEvent = (event: RunEvent) => {
      if (event.type === 'migration-start') firstStart ??= performance.now();
      if (event.type === 'migration-done' && firstStart !== undefined) detail.stepsMs = performance.now() - firstStart;
      if (event.type !== 'backup-created') return;
      if (firstStart === undefined) detail.runBackupMs += event.durationMs;
      else {
        detail.stepBackups++;
        detail.stepBackupMs += event.durationMs;
      }
    };
    const result = await timedRun(
      'dihya',
      setup,
      (scratch) => writeSqlMigrations(scratch.migrationsDir, migrations),
      async (database, scratch) => {
        const m = await Migrator.open({ cwd: scratch.dir, overrides: { url: database.url, migrationsDir: scratch.migrationsDir }, onEvent });
        try {
          await m.up({ atomic: options.atomic });
        } finally {
          await m.close();
        }
      },
      'dihya_migrations',
      migrations.length,
    );
    return { ...result, detail };
  },
});
