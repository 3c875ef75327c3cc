/**
 * Every audit event with the details it carries (names and counts only, never a data value).
 * A capability that audits something of its own adds its events here, so `AuditLog.append`
 * checks both the name and the details.
 *
 * @example
 * await audit.append('migration.resolved', { version: '20261127061249', name: '20261127061249_add_email', outcome: 'applied' })
 */
export interface AuditEventMap {
  'run.start': { command: string; pid: number; run: string };
  'run.end': { command: string; durationMs: number; run: string };
  'run.failed': { command: string; code: string; run: string };
  'internal-schema.upgraded': { versions: number[] };
  'backup.created': { id: string; reason: string; method: string; bytes: number; durationMs: number; tables: number; schemaHash: string; verified: string };
  'backup.verified': { id: string; identical: boolean; differences: string[] };
  'migration.applied': MigrationEntry;
  'migration.reverted': MigrationEntry;
  'migration.failed': { version: string; name: string; direction: 'up' | 'down'; code: string; message: string; outcome: string };
  'migration.resolved': { version: string; name: string; outcome: 'applied' | 'rolled-back' };
  'restore.manual': { id: string; safetyBackup: string; identical: boolean; differences: string[] };
  'restore.automatic': { id: string; after: string; identical: boolean; differences?: string[]; reason?: string };
  'audit.file-rebuilt': { entries: number };
  'audit.mirror-completed': { entries: number };
  'extension.failed': { extension: string; point: string; reason: string };
  /** `anonymize`: where (the anonymized database, without credentials), how much; never a value. */
  'privacy.anonymized': { mode: string; database: string; tables: number; columns: number; rows: number; durationMs: number; backup?: string };
  /** `subject export`: the subject's id as a keyed hash (never in clear), what was exported, the file's name. */
  'subject.exported': { subject: string; idHash: string; tables: number; rows: number; file: string };
  /** `subject erase`: the subject's id as a keyed hash, the tables and row counts, the backup taken first. */
  'subject.erased': { subject: string; idHash: string; tables: string[]; deleted: number; anonymized: number; unlinked: number; backup?: string };
  /** After a restore: the ledger's erasures applied again to subjects the backup brought back. */
  'subject.erasures-reapplied': { backup: string; automatic: boolean; erasures: number; deleted: number; anonymized: number };
}

/** What `migration.applied` and `migration.reverted` record. */
interface MigrationEntry {
  version: string;
  name: string;
  checksum: string;
  durationMs: number;
  sector?: string;
  schemaChanges?: string[];
}

/** Every audit event name. */
export type AuditEventName = keyof AuditEventMap;
