import type { Kysely } from 'kysely';
import type { BackfillResult } from '../backfill/run-backfill.ts';
import type { RunLog } from '../log/run-log.ts';
import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import type { LockHandle, Target } from '../database/target.ts';
import type { DihyaError } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { InternalSchema } from '../internal-schema/internal-schema.ts';
import type { InternalTables } from '../internal-schema/internal-tables.ts';
import type { History } from '../migrations/history.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { ValidationReport } from '../validate/migration-validator.ts';
import type { ExtensionSet } from './extension-set.ts';
import type { RunEmitter } from './run-emitter.ts';
import type { SafetyNet } from './safety-net.ts';

/** The commands that run under the migration lock. */
export type LockedCommand = 'up' | 'down' | 'resolve' | 'backup' | 'restore' | 'backup.verify' | (string & {});

/** Everything a run needs, built once per Migrator. */
export interface PipelineDeps {
  readonly config: ResolvedConfig;
  readonly target: Target;
  readonly tables: InternalTables;
  readonly history: History;
  readonly internalSchema: InternalSchema;
  readonly safety: SafetyNet;
  readonly emitter: RunEmitter;
  readonly extensions: ExtensionSet;
  /** The redacted run log (`.dihya/logs/dihya.log`), opened on first use. */
  log(): RunLog;
}

/** One run under the lock: what it is, who holds the lock, when it started. */
export interface RunContext extends PipelineDeps {
  readonly command: LockedCommand;
  readonly lock: LockHandle;
  /** Identifies the run's backups and audit entries (`run-<timestamp>-<random>`). */
  readonly runId: string;
  readonly startedAt: number;
  /** Steps committed so far in this run, oldest first (for the run summary). */
  readonly committed: { version: string; name: string; direction: 'up' | 'down'; durationMs: number }[];
}

/** One migration step of a run (an `up` or a `down`). */
export interface StepContext {
  readonly run: RunContext;
  readonly migration: LoadedMigration;
  readonly direction: 'up' | 'down';
  /** 1-based position in the run, and how many steps the run has. */
  readonly index: number;
  readonly count: number;
  /** The backup that covers this step (the run's, or the one taken just before it). */
  readonly backup: BackupManifest | undefined;
}

/** A step inside its transaction (or, outside a transaction, on the pool): where extensions may read and veto. */
export interface StepTransaction {
  /** Kysely bound to the step's transaction (the pool when it runs outside one). */
  readonly db: Kysely<any>;
  /** False when the step runs outside a transaction (`transactional: false`). */
  readonly transactional: boolean;
  /** What validation found (absent for `down`). */
  readonly report: ValidationReport | undefined;
}

/** A step whose changes committed. */
export interface CommittedStep extends StepContext {
  readonly durationMs: number;
  readonly report: ValidationReport | undefined;
  /** What the step's backfills did (rows, batches, longest batch, duration); absent for a step without any. */
  readonly backfills?: readonly BackfillResult[];
}

/** A step that failed, once its changes were rolled back, restored or left. */
export interface FailedStep extends StepContext {
  readonly error: DihyaError;
  readonly outcome: ChangesOutcome;
}

/** How a run ended, for `afterAll`. */
export interface RunSummary {
  readonly command: LockedCommand;
  readonly ok: boolean;
  readonly durationMs: number;
  readonly committed: RunContext['committed'];
  readonly error?: DihyaError;
}

/** What the prepare phase checks before the lock: the migrations about to run. */
export interface PrepareContext {
  readonly deps: PipelineDeps;
  readonly command: LockedCommand;
  readonly direction: 'up' | 'down';
  readonly migrations: LoadedMigration[];
}

/** A restore that just completed (manual or automatic), for extensions that must re-apply something after it. */
export interface RestoreContext {
  readonly run: RunContext;
  readonly backup: BackupManifest;
  readonly automatic: boolean;
}

/**
 * A command that ended (recorded by the CLI through `Migrator.recordCommand`), for `afterCommand`:
 * the access log, and what must happen even when the command took no lock (a failure before the
 * run, an `up` with nothing to apply).
 */
export interface CommandRecord {
  readonly deps: PipelineDeps;
  /** The CLI command, e.g. `status`, `backup restore`. */
  readonly command: string;
  readonly durationMs: number;
  /** `ok`, or the error code it ended with (`INTERNAL` for an unexpected error). */
  readonly outcome: string;
  readonly error?: DihyaError;
}
