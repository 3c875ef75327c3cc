import { Migrator } from '../migrator/migrator.ts';
import type { RunEvent } from '../pipeline/run-events.ts';
import type { Messages } from './i18n/messages-en.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  url?: string;
  migrations?: string;
  json?: boolean;
  lockTimeout?: number;
  outOfOrder?: boolean;
  /** `--pushgateway`: where metrics are pushed at the end of every run. */
  pushgateway?: string;
  /** `--metrics-file`: node_exporter textfile written after every run. */
  metricsFile?: string;
  /** The command being run (`status`, `backup restore`…), for the access log. */
  command?: string;
  cwd: string;
  /** The texts of the chosen language. */
  m: Messages;
}

/** The commands that may create a SQLite file that does not exist yet; every other one refuses it (SQLITE_FILE_MISSING). */
const COMMANDS_THAT_CREATE_THE_DATABASE = new Set(['up', 'backup restore']);

/** An event listener that may hold something to stop at the end of the command (a progress bar). */
export type CommandListener = ((event: RunEvent) => void) & { stop?(): void };

/**
 * Opens a Migrator from the global options, runs `work`, records the command (the access log:
 * `failureOf` says when a result is a failure, e.g. an unhealthy `check`), and always closes the
 * connection.
 */
export async function withMigrator<T>(
  globals: GlobalOptions,
  work: (migrator: Migrator) => Promise<T>,
  onEvent?: CommandListener,
  failureOf?: (result: T) => unknown,
): Promise<T> {
  const startedAt = Date.now();
  const migrator = await Migrator.open({
    cwd: globals.cwd,
    createDatabase: COMMANDS_THAT_CREATE_THE_DATABASE.has(globals.command ?? ''),
    ...(globals.config ? { configPath: globals.config } : {}),
    overrides: {
      ...(globals.url ? { url: globals.url } : {}),
      ...(globals.migrations ? { migrationsDir: globals.migrations } : {}),
      ...(globals.lockTimeout !== undefined ? { lockTimeoutMs: globals.lockTimeout } : {}),
      ...(globals.outOfOrder ? { outOfOrder: true } : {}),
      ...(globals.pushgateway ? { pushgateway: globals.pushgateway } : {}),
      ...(globals.metricsFile ? { metricsFile: globals.metricsFile } : {}),
    },
    ...(onEvent ? { onEvent } : {}),
  });
  let error: unknown;
  try {
    const result = await work(migrator);
    error = failureOf?.(result);
    return result;
  } catch (thrown) {
    error = thrown;
    throw thrown;
  } finally {
    onEvent?.stop?.();
    await migrator.recordCommand({ command: globals.command ?? 'api', durationMs: Date.now() - startedAt, ...(error !== undefined ? { error } : {}) });
    await migrator.close();
  }
}
