import { Migrator } from '../migrator/migrator.ts';
import type { RunEventListener } from '../pipeline/run-events.ts';
import type { Messages } from './i18n/messages-en.ts';

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  url?: string;
  migrations?: string;
  json?: boolean;
  lockTimeout?: number;
  outOfOrder?: boolean;
  cwd: string;
  /** The texts of the chosen language. */
  m: Messages;
}

/** Opens a Migrator from the global options, runs `work`, and always closes the connection. */
export async function withMigrator<T>(globals: GlobalOptions, work: (migrator: Migrator) => Promise<T>, onEvent?: RunEventListener): Promise<T> {
  const migrator = await Migrator.open({
    cwd: globals.cwd,
    ...(globals.config ? { configPath: globals.config } : {}),
    overrides: {
      ...(globals.url ? { url: globals.url } : {}),
      ...(globals.migrations ? { migrationsDir: globals.migrations } : {}),
      ...(globals.lockTimeout !== undefined ? { lockTimeoutMs: globals.lockTimeout } : {}),
      ...(globals.outOfOrder ? { outOfOrder: true } : {}),
    },
    ...(onEvent ? { onEvent } : {}),
  });
  try {
    return await work(migrator);
  } finally {
    await migrator.close();
  }
}
