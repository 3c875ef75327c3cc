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
  'backup.created': {
    id: string;
    reason: string;
    method: string;
    bytes: number;
    durationMs: number;
    tables: number;
    /** A table-scoped backup: the only tables it holds. */
    scope?: string[];
    schemaHash: string;
    verified: string;
  };
  'backup.verified': { id: string; identical: boolean; differences: string[] };
  'migration.applied': MigrationEntry;
  'migration.reverted': MigrationEntry;
  'migration.failed': { version: string; name: string; direction: 'up' | 'down'; code: string; message: string; outcome: string };
  'migration.resolved': { version: string; name: string; outcome: 'applied' | 'rolled-back' };
  'migration.undone': { version: string; name: string; backups: string[]; tables: string[] };
  'restore.manual': { id: string; safetyBackup: string; identical: boolean; differences: string[] };
  'restore.automatic': { id: string; after: string; identical: boolean; differences?: string[]; reason?: string; tables?: string[]; overwritten?: string[] };
  'restore.abandoned': { id: string; startedAt: string };
  'backup.pinned': { id: string };
  'backup.unpinned': { id: string };
  'backup.pruned': { ids: string[] };
  /** The file was missing or cut, and was rebuilt from the mirror: `checked` says what vouched for the mirror (`DIHYA_AUDIT_KEY`, or `hashes only`). */
  'audit.file-rebuilt': { entries: number; checked?: string };
  'audit.mirror-completed': { entries: number; checked?: string };
  /** `audit seal`: from this entry on, every entry carries a MAC under DIHYA_AUDIT_KEY; `unsealed` were written before. */
  'audit.sealed': { from: number; unsealed: number };
  'extension.failed': { extension: string; point: string; reason: string };
  /** A content-addressed bundle was written (dihya-migrate export ipfs): its root CID, file count, CAR size, and the previous export's CID. */
  'dweb.exported': { cid: string; files: number; bytes: number; previous: string | null };
  /** A command was run (read-only ones too): which, from which host, how it ended (`ok` or the error code). `deferred`: when it was run, if it was recorded later. */
  access: { command: string; outcome: string; host: string; durationMs: number; deferred?: string };
  /** The schema as a run left it (dihya-migrate's own tables left out), for `check` to notice changes made by hand. */
  'schema.recorded': { command: string; run: string; lastApplied: string | null; schemaHash: string; tables: number; views: number };
  /** Something unusual that did not fail the run (a slow migration, a long lock wait, a run outside the change window…). */
  anomaly: { kind: string; run: string; version?: string; name?: string; detail: string };
  /** An alert reached a webhook (named by its position, kind and host: never its URL, which may hold a token). */
  'alert.delivered': { alert: string; anomaly?: string; webhook: string; attempts: number; status: number; deferred?: string };
  'alert.failed': { alert: string; anomaly?: string; webhook: string; attempts: number; reason: string; deferred?: string };
  /** `anonymize`: where (the anonymized database, without credentials), how much; never a value. */
  'privacy.anonymized': { mode: string; database: string; tables: number; columns: number; rows: number; durationMs: number; backup?: string };
  /** `subject export`: the subject's id as a keyed hash (never in clear), what was exported, the file's name. */
  'subject.exported': { subject: string; idHash: string; tables: number; rows: number; file: string };
  /** `subject erase`: the subject's id as a keyed hash, the tables and row counts, the backup taken first. */
  'subject.erased': { subject: string; idHash: string; tables: string[]; deleted: number; anonymized: number; unlinked: number; backup?: string };
  /** After a restore: the ledger's erasures applied again to subjects the backup brought back. */
  'subject.erasures-reapplied': { backup: string; automatic: boolean; erasures: number; deleted: number; anonymized: number };
  /** A business hook's note (`ctx.audit.note()`): the hook, the run, the migration, a message and names or counts, never a data value. */
  'hook.note': { hook: string; run: string; migration?: string; message: string; details?: Record<string, string | number | boolean | string[]> };
  /** A run touched special-category or personal data (santé pack): who is the entry's actor; the tables and how many rows changed, never a value. */
  'data.access': {
    hook: string;
    run: string;
    migration: string;
    sector?: string;
    purpose?: string;
    approvedBy?: string;
    tables: string[];
    rows: number;
    outcome: string;
  };
  /**
   * `rehearse`: the migrations tried on a copy of the data (checksums and durations), the schema
   * hash of the source it was copied from, and how it ended. A passing one is the receipt `up` may require.
   */
  'rehearsal.receipt': {
    result: 'passed' | 'failed';
    sourceSchemaHash: string;
    migrations: { version: string; name: string; checksum: string; durationMs: number }[];
    durationMs: number;
    copyMs: number;
    anonymized: boolean;
    failure?: string;
  };
  /** A backfill began walking its table (counts only): rows expected, batch size. */
  'backfill.started': BackfillEntry & { rowsTotal: number; batchSize: number };
  /** A backfill cut short (crash, failure, deadline) went on from its checkpoint. */
  'backfill.resumed': BackfillEntry & { rowsDone: number; rowsTotal: number; batches: number };
  /** A backfill paused (`reason`: signal, pause-file, replica-lag, threads-running, predicate), and went on again. */
  'backfill.paused': BackfillEntry & { reason: string; rowsDone: number };
  'backfill.unpaused': BackfillEntry & { reason: string; rowsDone: number; pausedMs: number };
  /** A backfill walked its whole table: rows updated, batches, passes, longest batch. */
  'backfill.finished': BackfillEntry & { rowsDone: number; batches: number; passes: number; durationMs: number; longestBatchMs: number };
  /** `baseline <version>`: migrations up to it recorded as applied without running them, after a backup. */
  'history.baselined': { version: string; recorded: number; layout: string; backup?: string };
  /** `import-history`: another tool's history recorded as this tool's, after a backup. */
  'history.imported': { tool: string; table: string; applied: number; failed: number; skipped: number; backup?: string };
  /** `repair`: a history row changed on purpose, with the reviewer's reason (old and new checksum, name or status). */
  'history.repaired': {
    action: 'accept-change' | 'renamed' | 'clear-failed';
    version: string;
    name: string;
    reason: string;
    previousChecksum?: string;
    checksum?: string;
    previousVersion?: string;
    previousName?: string;
    status?: string;
  };
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

/** Which backfill an entry is about: the migration, the direction, its label (the table, or the name given). */
export interface BackfillEntry {
  version: string;
  name: string;
  direction: 'up' | 'down';
  label: string;
  table: string;
}
