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
export { Migrator, type StepReport, type StatusReport, type MigratorOpenOptions } from './migrator/migrator.ts';
export type { RunEvent, RunEventListener } from './pipeline/run-events.ts';
export type { RunExtension, ExtensionPoint } from './pipeline/run-extension.ts';
export type {
  RunContext,
  StepContext,
  StepTransaction,
  CommittedStep,
  FailedStep,
  RunSummary,
  PrepareContext,
  RestoreContext,
} from './pipeline/run-context.ts';
export type { ChangesOutcome, StepFailureDetails } from './errors/step-failure-details.ts';
export type { StatusEntry, MigrationState } from './migrations/plan.ts';
export type { DryRunResult } from './migrations/dry-run.ts';
export { connect } from './database/connect.ts';
export type { Target, Capabilities } from './database/target.ts';
export { redactUrl } from './privacy/redaction/redact-url.ts';
export { DihyaError } from './errors/dihya-error.ts';
export {
  HOOK_NAMES,
  type HookName,
  type HooksConfig,
  type RunHookContext,
  type MigrationHookContext,
  type HookMigration,
  type HookAudit,
  type HookLogger,
  type RunHookSummary,
} from './hooks/hook-types.ts';
export { defineSectorPack, type SectorPack, type SectorCheck, type SectorCatalogEntry, type SectorLintRule, type Bilingual } from './sectors/sector-pack.ts';
export type { LintSubject } from './lint/lint-subject.ts';
export type { ErrorCode, DetailsOf } from './errors/error-messages.ts';
