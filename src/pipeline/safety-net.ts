import path from 'node:path';
import { AuditKey } from '../audit/audit-key.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { BackupProgressListener } from '../backup/backup-progress.ts';
import { BackupStore, type CreateOptions } from '../backup/backup-store.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { targetKey } from '../database/target-key.ts';
import type { Target } from '../database/target.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { InternalTables } from '../internal-schema/internal-tables.ts';
import { MigrationValidation } from '../validate/migration-validator.ts';

/** What an `audit-rebuilt-unverified` anomaly says. */
function unverifiedRebuild(entries: number): string {
  return (
    `the audit file was missing or cut: ${entries} entries were copied back from the database mirror, checked by their own hashes only ` +
    '(a mirror rewritten with recomputed hashes would have been copied as it is; set DIHYA_AUDIT_KEY to check it against a key)'
  );
}

/**
 * What surrounds every change dihya-migrate makes to a database: the audit log, the backups and
 * the validation settings, built from the config for one target.
 *
 * @example
 * const net = new SafetyNet(target, config, internalTables(config), () => internalSchema.upgrade())
 * await net.audit.append('run.start', { command: 'up' })
 * const backup = await net.backup('before up', '20261127061249')
 */
export class SafetyNet {
  readonly audit: AuditLog;
  readonly backups: BackupStore;
  readonly #target: Target;
  readonly #config: ResolvedConfig;
  readonly #tables: InternalTables;

  /**
   * `onProgress`: where backups, verifications and restores report progress (the run emitter's `progress` events).
   * `onAnomaly`: where the audit reports what did not fail but must be seen (a file rebuilt from an unverified mirror).
   */
  constructor(
    target: Target,
    config: ResolvedConfig,
    tables: InternalTables,
    ensureTables: () => Promise<unknown>,
    onProgress?: BackupProgressListener,
    onAnomaly?: (kind: string, detail: string) => void,
  ) {
    this.#target = target;
    this.#config = config;
    this.#tables = tables;
    const key = targetKey(target.spec);
    const auditKey = AuditKey.fromEnv(process.env);
    this.audit = new AuditLog(target, path.join(config.stateDir, 'logs', `audit-${key}.jsonl`), tables.auditMirror, config.actor ?? 'unknown', ensureTables, {
      ...(auditKey ? { key: auditKey } : {}),
      ...(onAnomaly ? { onUnverifiedRebuild: (entries: number) => onAnomaly('audit-rebuilt-unverified', unverifiedRebuild(entries)) } : {}),
    });
    this.backups = new BackupStore(target, {
      dir: path.join(config.stateDir, 'backups'),
      keep: config.backup.keep,
      method: config.backup.method,
      kept: tables.keptOutOfBackups,
      exclude: tables.leftOutOfState,
      ...(onProgress ? { onProgress } : {}),
      ...(config.backup.pgDumpCompression === undefined ? {} : { pgDumpCompression: config.backup.pgDumpCompression }),
    });
  }

  /**
   * Takes a backup (when enabled, or when `force`d), verifies it as configured, and records it in
   * the audit. Returns undefined when backups are disabled. `schema`: see {@link currentSchema}.
   */
  async backup(
    reason: string,
    lastApplied: string | null,
    options: CreateOptions & { force?: boolean; deferAudit?: boolean } = {},
  ): Promise<BackupManifest | undefined> {
    if (!this.#config.backup.enabled && !options.force) return undefined;
    const { force: _force, deferAudit, ...create } = options;
    const manifest = await this.backups.create(reason, lastApplied, create);
    if (deferAudit) return manifest;
    await this.auditBackup(manifest);
    return manifest;
  }

  /**
   * Records a backup in the audit (`backup.created`) and, with `backup.verify: full`, first
   * restores it into a scratch database and compares. {@link backup} does it at once; a backup
   * taken inside a statement observer (where the database connection is busy) is recorded later.
   */
  async auditBackup(manifest: BackupManifest): Promise<void> {
    let verified = 'files and completeness';
    // A table-scoped step backup is checked complete; restoring it into a scratch database as well would cost a copy per statement.
    if (this.#config.backup.verify === 'full' && !manifest.tables) {
      const { differences } = await this.backups.verify(manifest);
      if (differences.length > 0) throw new DihyaError('BACKUP_VERIFY_FAILED', { id: manifest.id, reason: differences.join('; ') });
      verified = 'restored into a scratch database';
    }
    await this.audit.append('backup.created', {
      id: manifest.id,
      reason: manifest.reason,
      method: manifest.method,
      bytes: manifest.totalSize,
      durationMs: manifest.durationMs,
      tables: Object.keys(manifest.rowCounts).length,
      ...(manifest.tables ? { scope: manifest.tables } : {}),
      schemaHash: manifest.schemaHash,
      verified,
    });
  }

  /** Validation around one migration. */
  validation(before: SchemaSnapshot): MigrationValidation {
    return new MigrationValidation(this.#target, before, {
      rowLoss: this.#config.validation.rowLoss,
      foreignKeys: this.#config.validation.foreignKeys,
      ownTables: this.#tables.all,
    });
  }

  /**
   * The schema now, as backups record it (with the history table, without the lock and audit
   * tables). Read once at the start of a run, it serves both the backup manifest and, through
   * {@link withoutHistory}, the first migration's schema diff.
   */
  currentSchema(): Promise<SchemaSnapshot> {
    return this.#target.snapshotSchema(undefined, this.#tables.leftOutOfState);
  }

  /** A schema as {@link currentSchema} reads it, without the history table (as validation sees it). */
  withoutHistory(schema: SchemaSnapshot): SchemaSnapshot {
    const { [this.#tables.history]: _history, ...tables } = schema.tables;
    return { tables, views: schema.views };
  }
}
