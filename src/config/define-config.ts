import type { UserConfig } from './config-schema.ts';

/**
 * Declares the project's config, with type checking. Put it as the default export of `dihya.config.ts`.
 *
 * @example
 * import { defineConfig } from 'dihya-migrate'
 *
 * export default defineConfig({
 *   url: process.env.DATABASE_URL ?? 'sqlite:./app.db',
 *   migrationsDir: 'migrations',
 * })
 */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
