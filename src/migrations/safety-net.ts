import path from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import type { BackupManifest } from '../backup/backup-manifest.ts';
import { BackupStore } from '../backup/backup-store.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { SchemaSnapshot } from '../target/schema-snapshot.ts';
import { targetKey } from '../target/target-key.ts';
import type { Target } from '../target/target.ts';
import { MigrationValidation } from '../validate/migration-validator.ts';

/**
 * What surrounds every change dihya-migrate makes to a database: the audit log, the backups and
 * the validation settings, built from the config for one target.
 *
 * @example
 * const net = new SafetyNet(target, config)
 * await net.audit.append('run.start', { command: 'up' })
 * const backup = await net.backup('before up', '20261127061249')
 */
export class SafetyNet {
  readonly audit: AuditLog;
  readonly backups: BackupStore;
  readonly #target: Target;
  readonly #config: ResolvedConfig;

  constructor(target: Target, config: ResolvedConfig) {
    this.#target = target;
    this.#config = config;
    const key = targetKey(target.spec);
    this.audit = new AuditLog(target, path.join(config.stateDir, 'logs', `audit-${key}.jsonl`), config.audit.table, config.actor ?? 'unknown');
    this.backups = new BackupStore(target, {
      dir: path.join(config.stateDir, 'backups'),
      keep: config.backup.keep,
      method: config.backup.method,
      exclude: [this.lockTable, config.audit.table],
      preserve: [{ table: config.audit.table, recreate: () => this.audit.ensureMirror() }],
    });
  }

  /** dihya-migrate's own tables (history, lock, audit mirror). */
  get ownTables(): string[] {
    return [this.#config.table, this.lockTable, this.#config.audit.table];
  }

  get lockTable(): string {
    return `${this.#config.table}_lock`;
  }

  /**
   * Takes a backup (when enabled, or when `force`d), verifies it as configured, and records it in
   * the audit. Returns undefined when backups are disabled. `schema`: see {@link currentSchema}.
   */
  async backup(reason: string, lastApplied: string | null, options: { force?: boolean; schema?: SchemaSnapshot } = {}): Promise<BackupManifest | undefined> {
    if (!this.#config.backup.enabled && !options.force) return undefined;
    const manifest = await this.backups.create(reason, lastApplied, options.schema);
    let verified = 'files';
    if (this.#config.backup.verify === 'full') {
      const { differences } = await this.backups.verify(manifest);
      if (differences.length > 0) throw new DihyaError('BACKUP_VERIFY_FAILED', { id: manifest.id, reason: differences.join('; ') });
      verified = 'restored into a scratch database';
    }
    await this.audit.append('backup.created', {
      id: manifest.id,
      reason,
      method: manifest.method,
      bytes: manifest.totalSize,
      durationMs: manifest.durationMs,
      tables: Object.keys(manifest.rowCounts).length,
      schemaHash: manifest.schemaHash,
      verified,
    });
    return manifest;
  }

  /**
   * After a migration failed half-way outside a transaction, puts the database back as the
   * backup recorded it, checks it is identical, and returns the error to report.
   */
  async restoreAfterFailure(manifest: BackupManifest, failure: DihyaError): Promise<DihyaError> {
    const { differences } = await this.backups.restore(manifest);
    await this.audit.append('restore.automatic', { id: manifest.id, after: failure.code, identical: differences.length === 0, differences });
    if (differences.length > 0) {
      return new DihyaError('RESTORE_FAILED', { id: manifest.id, reason: `the restored database differs: ${differences.join('; ')}` }, { cause: failure });
    }
    return new DihyaError(failure.code, { ...failure.details, rolledBack: 'restored', backup: manifest.id }, { cause: failure.cause });
  }

  /** Validation around one migration, or undefined when every check is off. */
  validation(before: SchemaSnapshot): MigrationValidation {
    return new MigrationValidation(this.#target, before, {
      rowLoss: this.#config.validation.rowLoss,
      foreignKeys: this.#config.validation.foreignKeys,
      ownTables: this.ownTables,
    });
  }

  /**
   * The schema now, as backups record it (with the history table, without the lock and audit
   * tables). Read once at the start of a run, it serves both the backup manifest and, through
   * {@link withoutHistory}, the first migration's schema diff.
   */
  currentSchema(): Promise<SchemaSnapshot> {
    return this.#target.snapshotSchema(undefined, [this.lockTable, this.#config.audit.table]);
  }

  /** A schema as {@link currentSchema} reads it, without the history table (as validation sees it). */
  withoutHistory(schema: SchemaSnapshot): SchemaSnapshot {
    const { [this.#config.table]: _history, ...tables } = schema.tables;
    return { tables, views: schema.views };
  }
}
