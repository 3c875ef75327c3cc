import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
 * does by default (not on MariaDB, whose DDL commits on its own). With `baseline`, the Migrator of
 * that other checkout (its src/ run as it is), named `… (baseline)`.
 */
export const dihyaTool = (options: { atomic: boolean; baseline?: string }): BenchTool => ({
  name: `${options.atomic ? 'dihya --atomic' : 'dihya-migrate'}${options.baseline ? ' (baseline)' : ''}`,
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
        const open = options.baseline ? await baselineOpen(options.baseline) : Migrator.open.bind(Migrator);
        const m = await open({ cwd: scratch.dir, overrides: { url: database.url, migrationsDir: scratch.migrationsDir }, onEvent });
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

/** `Migrator.open` of another checkout of dihya-migrate (`--baseline DIR`), to compare two versions in the same run. */
async function baselineOpen(dir: string): Promise<typeof Migrator.open> {
  const module = (await import(pathToFileURL(path.resolve(dir, 'src/migrator/migrator.ts')).href)) as { Migrator: typeof Migrator };
  return module.Migrator.open.bind(module.Migrator);
}
