import type { BackupMethod } from '../database/backup-driver.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';

/** What a run reports while it goes, for the CLI, logs and metrics. Never carries data values. */
export type RunEvent =
  | { type: 'lock-wait'; table: string }
  | { type: 'lock-acquired'; holder: string; waitedMs: number }
  | { type: 'internal-schema-upgraded'; versions: number[] }
  | { type: 'migration-start'; version: string; name: string; direction: 'up' | 'down'; transactional: boolean; index: number; count: number }
  | { type: 'migration-retry'; version: string; name: string; attempt: number; delayMs: number; reason: string }
  | { type: 'migration-done'; version: string; name: string; direction: 'up' | 'down'; durationMs: number; schemaChanges?: string[] }
  | { type: 'backup-created'; id: string; method: BackupMethod; durationMs: number; reason: string; bytes: number }
  /** A restore after a failed migration: the backups used (comma-separated, or `-` when dropping what it created was enough) and the tables put back. */
  | { type: 'restored'; id: string; identical: boolean; tables?: string[] }
  | { type: 'migration-failed'; version: string; name: string; direction: 'up' | 'down'; code: string; outcome: ChangesOutcome }
  | { type: 'extension-failed'; extension: string; point: string; reason: string }
  /** Something unusual that did not fail the run: a step slower than its budget or rehearsal, more rows changed than declared… */
  | { type: 'anomaly'; kind: AnomalyKind; version?: string; name?: string; detail: string }
  /** Long work going on (backups, restores, rehearsals, anonymization, backfills): for a progress display. */
  | {
      type: 'progress';
      task: string;
      phase: string;
      done?: number;
      total?: number;
      unit?: 'rows' | 'bytes' | 'migrations' | 'tables';
      perSecond?: number;
      etaSeconds?: number;
    }
  | { type: 'lock-released' };

/** What an `anomaly` event is about. */
export type AnomalyKind =
  'slow-migration' | 'slower-than-rehearsal' | 'rows-changed' | 'long-lock-wait' | 'actor-not-allowed' | 'outside-change-window' | (string & {});

/** The type names of run events. */
export type RunEventType = RunEvent['type'];

/**
 * Receives run events. It may be async; what it throws or rejects with is reported (run log,
 * audit `listener.failed`) and never fails or changes the run.
 */
export type RunEventListener = (event: RunEvent) => void | Promise<void>;
