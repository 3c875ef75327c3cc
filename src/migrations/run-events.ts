/** What a run reports while it goes, for the CLI, logs and metrics. Never carries data values. */
export type RunEvent =
  | { type: 'lock-wait'; table: string }
  | { type: 'lock-acquired'; holder: string; waitedMs: number }
  | { type: 'migration-start'; version: string; name: string; direction: 'up' | 'down'; transactional: boolean }
  | { type: 'migration-retry'; version: string; name: string; attempt: number; delayMs: number; reason: string }
  | { type: 'migration-done'; version: string; name: string; direction: 'up' | 'down'; durationMs: number; schemaChanges?: string[] }
  | { type: 'backup-created'; id: string; method: string; durationMs: number; reason: string }
  | { type: 'restored'; id: string; identical: boolean }
  | { type: 'migration-failed'; version: string; name: string; direction: 'up' | 'down'; code: string; rolledBack: boolean }
  | { type: 'lock-released' };

export type RunEventListener = (event: RunEvent) => void;
