/**
 * dihya-migrate public API.
 *
 * @example
 * import { Migrator } from 'dihya-migrate'
 * const migrator = await Migrator.open({ overrides: { url: 'sqlite:./app.db' } })
 * await migrator.up()
 * await migrator.close()
 */
export { sql } from 'kysely';
export { defineConfig } from './config/define-config.ts';
export type { UserConfig, ResolvedConfig } from './config/config-schema.ts';
export { loadConfig, type LoadConfigOptions, type ConfigOverrides } from './config/load-config.ts';
export { defineMigration, type MigrationDefinition, type MigrationContext, type MigrationStep } from './migrations/define-migration.ts';
export { Migrator, type StepReport, type StatusReport } from './migrations/migrator.ts';
export type { RunEvent, RunEventListener } from './migrations/run-events.ts';
export type { StatusEntry, MigrationState } from './migrations/plan.ts';
export type { DryRunResult } from './migrations/dry-run.ts';
export { connect } from './target/connect.ts';
export type { Target, Capabilities } from './target/target.ts';
export { redactUrl } from './target/redact-url.ts';
export { DihyaError } from './errors/dihya-error.ts';
export type { ErrorCode } from './errors/error-messages.ts';
