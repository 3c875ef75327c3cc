import path from 'node:path';
import { AuditKey } from '../audit/audit-key.ts';
import { missingFromHistory } from '../audit/history-cross-check.ts';
import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { ResolvedConfig } from '../config/config-schema.ts';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.ts';
import { connect } from '../database/connect.ts';
import type { Target } from '../database/target.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { InternalSchema } from '../internal-schema/internal-schema.ts';
import { internalTables, type InternalTables } from '../internal-schema/internal-tables.ts';
import { createRunLog, type RunLog } from '../log/run-log.ts';
import { sweepPrivateTemp, usePrivateTempRoot } from '../tools/private-temp.ts';
import { readMigrations } from '../layouts/read-layout.ts';
import { baseline, type BaselineResult } from '../adopt/baseline.ts';
import { importHistory, type ImportOptions, type ImportResult } from '../adopt/import-history.ts';
import { repair, type RepairDone, type RepairRequest } from '../adopt/repair.ts';
import { dryRun, type DryRunResult } from '../migrations/dry-run.ts';
import { History, type HistoryRow } from '../migrations/history.ts';
import { restoreStep } from '../pipeline/restore-step.ts';
import { findUnknownCheckNames } from '../migrations/check-names.ts';
import { computePlan, type StatusEntry } from '../migrations/plan.ts';
import { previewSchemaChanges } from '../migrations/schema-preview.ts';
import { takeBackup, type StepReport } from '../pipeline/apply-steps.ts';
import { ExtensionSet } from '../pipeline/extension-set.ts';
import type { LockedCommand, PipelineDeps, RunContext } from '../pipeline/run-context.ts';
import { RunEmitter } from '../pipeline/run-emitter.ts';
import type { RunEventListener } from '../pipeline/run-events.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { lastApplied, loadAll, readPlan, runDown, runUp, throwFirstProblem, upTo, type DownOptions, type UpOptions } from '../pipeline/run-phases.ts';
import { assertNoInterruptedRestore, interruptedRestore, runLocked } from '../pipeline/locked-run.ts';
import { SafetyNet } from '../pipeline/safety-net.ts';
import { ErasureLedger, erasuresAfter, type ErasureRecord } from '../privacy/ledger/erasure-ledger.ts';
import { capabilityExtensions } from './capabilities.ts';
import { rehearse, type RehearsalReport } from '../rehearse/rehearse.ts';
import { copyAnonymizer } from '../rehearse/anonymize-copy.ts';
import { matchingReceipt, receiptsIn, sourceSchemaHash } from '../rehearse/receipts.ts';
import { collectLintSubjects } from '../lint/collect-subjects.ts';
import type { LintFinding } from '../lint/lint-finding.ts';
import { lintMigrations } from '../lint/lint-migrations.ts';
import type { LintOptions } from '../lint/lint-subject.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { runHealthCheck, type HealthReport } from '../monitor/check/health-check.ts';
import { exportMetrics, type MetricsExport, type MetricsExportOptions } from '../monitor/metrics/export-metrics.ts';

export type { StepReport };

export interface StatusReport {
  target: string;
  dialect: string;
  entries: (StatusEntry & { schemaChange?: string })[];
  problems: { code: string; message: string; hint: string }[];
  /** The erasure ledger, when it holds any: how many erasures, and how many the latest backup predates (restoring it re-applies them). */
  erasures?: { recorded: number; latestBackupPredates: number };
  /** When migrations are pending: whether a passing rehearsal receipt covers exactly them and the current schema (see `rehearse`). */
  rehearsal?: { required: boolean; rehearsed: boolean; receiptAt?: string; reason?: string };
}

/** What {@link Migrator.open} accepts: how to find the config, a first event listener, extensions. */
export interface MigratorOpenOptions extends LoadConfigOptions {
  onEvent?: RunEventListener;
  extensions?: RunExtension[];
  /** False: a SQLite file that does not exist is an error (SQLITE_FILE_MISSING) instead of being created (for read-only work). Default true. */
  createDatabase?: boolean;
}

/**
 * The migration engine for one database: status, plan (dry run), up, down, validate, resolve,
 * backups. Every change runs behind the safety net: the migration lock, a backup first, an audit
 * entry per operation, a transaction per migration where the dialect allows, checks after each
 * step, and an automatic restore when a step fails half-way outside a transaction. The order of
 * all this is written in one place: pipeline/run-phases.ts.
 *
 * @example
 * const migrator = await Migrator.open({ overrides: { url: 'sqlite:./app.db' } })
 * try {
 *   const applied = await migrator.up()
 *   console.log(applied.map((m) => m.name))
 * } finally {
 *   await migrator.close()
 * }
 */
export class Migrator {
  readonly config: ResolvedConfig;
  readonly target: Target;
  readonly tables: InternalTables;
  readonly history: History;
  readonly internalSchema: InternalSchema;
  readonly safety: SafetyNet;
  readonly extensions: ExtensionSet;
  readonly #emitter = new RunEmitter();
  #log: RunLog | undefined;

  constructor(config: ResolvedConfig, target: Target, extensions: RunExtension[] = []) {
    this.config = config;
    // Temporary files holding a password or data go to the state dir; a killed run's leftovers are swept now.
    usePrivateTempRoot(path.join(config.stateDir, 'tmp'));
    sweepPrivateTemp(path.join(config.stateDir, 'tmp'));
    this.target = target;
    this.tables = internalTables(config);
    this.history = new History(target, this.tables.history);
    this.internalSchema = new InternalSchema(target, this.tables);
    this.safety = new SafetyNet(
      target,
      config,
      this.tables,
      () => this.internalSchema.upgrade(),
      (p) => this.#emitter.emit({ type: 'progress', ...p }),
      (kind, detail) => this.#emitter.emit({ type: 'anomaly', kind, detail }),
    );
    this.extensions = new ExtensionSet(extensions);
    for (const extension of extensions) if (extension.onEvent) this.#emitter.on((event) => extension.onEvent!(event));
    this.#emitter.onFailure = (failure) => this.#runLog().warn(failure, 'event listener failed');
  }

  /** Loads the config (see {@link loadConfig}) and connects to its database. */
  static async open(options: MigratorOpenOptions = {}): Promise<Migrator> {
    const loaded = await loadConfig(options);
    // The sector packs' personal-data entries join the privacy catalog (the config's own entries win on a column).
    const patterns = await (await import('../sectors/pack-catalog.ts')).packCatalogPatterns(loaded);
    const config = patterns.length === 0 ? loaded : { ...loaded, privacy: { ...loaded.privacy, patterns } };
    // A bad DIHYA_AUDIT_KEY is refused before anything connects (SafetyNet reads it again).
    AuditKey.fromEnv(process.env);
    const extensions = [...(await capabilityExtensions(config)), ...(options.extensions ?? [])];
    const migrator = new Migrator(config, await connect(config.url, config.cwd, { create: options.createDatabase ?? true }), extensions);
    if (options.onEvent) migrator.onEvent(options.onEvent);
    return migrator;
  }

  /**
   * Subscribes to run events (lock, backups, each migration's start, retries, done, failure). A
   * listener that throws or rejects is reported in the run log and the audit; it never fails a run.
   */
  onEvent(listener: RunEventListener): void {
    this.#emitter.on(listener);
  }

  /** Every migration with its state and recorded schema change; problems (drift, interruption) are listed, not thrown. */
  async status(): Promise<StatusReport> {
    await this.internalSchema.assertReadable();
    const rows = await this.history.read();
    const plan = await readPlan(this.#deps, rows);
    const restore = interruptedRestore(this.#deps);
    const changes = new Map(rows.map((r) => [r.version, r.schema_change ?? undefined]));
    const erasures = await this.#erasures();
    const latest = erasures.length > 0 ? this.safety.backups.list()[0] : undefined;
    return {
      target: this.target.displayUrl,
      dialect: this.target.dialect,
      entries: plan.entries.map((e) => {
        const schemaChange = changes.get(e.version);
        return { ...e, ...(schemaChange ? { schemaChange } : {}) };
      }),
      problems: [...(restore ? [restore] : []), ...plan.problems].map((p) => ({ code: p.code, message: p.message, hint: p.hint })),
      ...(erasures.length > 0 ? { erasures: { recorded: erasures.length, latestBackupPredates: latest ? erasuresAfter(erasures, latest.createdAt) : 0 } } : {}),
      ...(plan.pending.length > 0 ? { rehearsal: await this.#rehearsalState(plan.pending) } : {}),
    };
  }

  /** Whether the newest passing rehearsal receipt covers exactly `pending` on the schema as it is now. */
  async #rehearsalState(pending: { version: string; checksum: string }[]): Promise<NonNullable<StatusReport['rehearsal']>> {
    const found = matchingReceipt(receiptsIn(this.safety.audit.entries()), pending, await sourceSchemaHash(this.target, this.tables.all));
    const required = this.config.rehearsal.required;
    return 'receipt' in found ? { required, rehearsed: true, receiptAt: found.receipt.ts } : { required, rehearsed: false, reason: found.reason };
  }

  /**
   * What `up` would do: each pending migration with the SQL it would send and the schema changes
   * it would make (tried on a schema-only scratch copy unless `schemaDiff: false`), and where each
   * statement starts, and the sector checks and hooks that would run for it. A `checks` entry naming
   * a table no pending migration leaves in place is refused (`CHECK_TABLE_UNKNOWN`). Changes nothing.
   */
  async plan(options: { to?: string; schemaDiff?: boolean } = {}): Promise<DryRunResult[]> {
    return (await this.planAndLint({ ...options, lint: false })).pending;
  }

  /**
   * The plan (see {@link plan}) and the lint findings of the pending migrations (see {@link lint}),
   * from one schema preview.
   *
   * @example
   * const { pending, lint } = await migrator.planAndLint()
   */
  async planAndLint(options: { to?: string; schemaDiff?: boolean; lint?: boolean } = {}): Promise<{ pending: DryRunResult[]; lint: LintFinding[] }> {
    await this.internalSchema.assertReadable();
    assertNoInterruptedRestore(this.#deps);
    const plan = await readPlan(this.#deps);
    throwFirstProblem(plan);
    const pending = await loadAll(this.#deps, upTo(plan.pending, options.to, plan));
    const results: DryRunResult[] = [];
    for (const migration of pending) results.push(await dryRun(this.target, migration, { relativeTo: this.config.cwd }));
    const progress = (done: number, total: number) =>
      this.#emitter.emit({ type: 'progress', task: 'plan', phase: 'schema preview', done, total, unit: 'migrations' });
    const statements = new Map(results.filter((r) => r.incomplete === undefined).map((r) => [r.version, r.statements]));
    const preview = options.schemaDiff === false ? undefined : await previewSchemaChanges(this.target, pending, this.tables.all, { statements, progress });
    if (preview && pending.length > 0) this.#emitter.emit({ type: 'progress', task: 'plan', phase: 'done' });
    for (const result of results) {
      const changes = preview?.changes.get(result.version);
      if (preview?.ok || changes) result.schemaChanges = changes ?? [];
      else if (preview?.failed === result.version) result.failedOnScratch = preview.reason;
      else if (preview && preview.failed === undefined) result.schemaPreviewError = preview.reason;
    }
    const unknownName = await findUnknownCheckNames(this.target, pending, this.tables.all, preview);
    if (unknownName) throw unknownName;
    const applies = await (await import('../sectors/applicable.ts')).applicableHooks(this.config, pending);
    for (const result of results) {
      const hooks = applies.get(result.version);
      if (hooks) result.hooks = hooks;
    }
    if (options.lint === false) return { pending: results, lint: [] };
    const subjects = await collectLintSubjects(this.target, pending, new Map(results.map((r) => [r.version, r])), preview?.schemas ?? new Map(), {
      ownTables: this.tables.all,
      cwd: this.config.cwd,
      current: preview?.current,
    });
    return { pending: results, lint: lintMigrations(subjects, await this.#lintOptions()) };
  }

  /**
   * Lints the pending migrations (up to `to`), or with `all` every migration file: the rules of
   * src/lint/lint-rules.ts, from their statements, the schema diff predicted on a schema-only
   * scratch copy (pending ones) and the row counts of the tables they name. Changes nothing.
   *
   * @example
   * const findings = await migrator.lint()
   * findings.filter((f) => f.severity === 'error' && !f.allowed)
   */
  async lint(options: { to?: string; all?: boolean } = {}): Promise<LintFinding[]> {
    if (!options.all) return (await this.planAndLint(options.to ? { to: options.to } : {})).lint;
    await this.internalSchema.assertReadable();
    const plan = await readPlan(this.#deps);
    const pendingVersions = new Set(plan.pending.map((f) => f.version));
    const files = readMigrations(this.config.migrationsDir, this.config.layout);
    const loaded = await loadAll(this.#deps, files);
    const pending = loaded.filter((m) => pendingVersions.has(m.version));
    const preview = await previewSchemaChanges(this.target, pending, this.tables.all);
    const dryRuns = new Map<string, DryRunResult>();
    for (const migration of loaded) dryRuns.set(migration.version, await dryRun(this.target, migration, { relativeTo: this.config.cwd }));
    const subjects = await collectLintSubjects(this.target, loaded, dryRuns, preview.schemas, {
      ownTables: this.tables.all,
      cwd: this.config.cwd,
      current: preview.current,
    });
    return lintMigrations(subjects, await this.#lintOptions());
  }

  /** The lint thresholds and the rules of the enabled sector packs. */
  async #lintOptions(): Promise<LintOptions> {
    const { contributedLintRules } = await import('../sectors/pack-lint.ts');
    return { indexRowThreshold: this.config.lint.indexRowThreshold, contributed: await contributedLintRules(this.config) };
  }

  /**
   * Applies pending migrations in order (up to and including `to`). Every pending file is loaded
   * and checked before the lock is taken, so a malformed one stops the run with the database
   * untouched. Then: backup, and for each migration its own transaction, verify(), data checks and
   * history row; a migration that fails outside a transaction is undone by restoring its backup.
   */
  up(options: UpOptions = {}): Promise<StepReport[]> {
    return runUp(this.#deps, options);
  }

  /**
   * Reverts the last `steps` applied migrations (default 1), or all applied after version `to`, after a
   * backup (and one before each further step that could leave partial changes).
   */
  down(options: DownOptions = {}): Promise<StepReport[]> {
    return runDown(this.#deps, options);
  }

  /**
   * Checks everything without changing the database: every file loads and is well formed, the
   * extensions' `prepare` checks pass (e.g. no personal value in a file), the history matches the
   * files, and the `checks` of pending migrations name tables that will be there. Throws the first problem found.
   */
  async validate(): Promise<{ files: number; applied: number; pending: number }> {
    await this.internalSchema.assertReadable();
    const files = readMigrations(this.config.migrationsDir, this.config.layout);
    const loaded = await loadAll(this.#deps, files);
    try {
      await this.extensions.prepare({ deps: this.#deps, command: 'validate', direction: 'up', migrations: loaded });
    } catch (error) {
      // validate reports a problem of the files themselves with its own code (exit 2), e.g. PRIVACY_LITERAL.
      const cause = error instanceof DihyaError ? error.cause : undefined;
      throw cause instanceof DihyaError && cause.exitCode === 2 ? cause : error;
    }
    const plan = computePlan(files, await this.history.read(), { outOfOrder: this.config.outOfOrder });
    throwFirstProblem(plan);
    const pending = new Set(plan.pending.map((f) => f.version));
    const unknownName = await findUnknownCheckNames(
      this.target,
      loaded.filter((m) => pending.has(m.version)),
      this.tables.all,
    );
    if (unknownName) throw unknownName;
    const applied = plan.entries.filter((e) => e.state === 'applied').length;
    return { files: files.length, applied, pending: plan.pending.length };
  }

  /**
   * Records every migration up to `version` as applied without running it, on a database that
   * already has them (a backup is taken first; audited). See `adopt/baseline.ts`.
   */
  baseline(version: string): Promise<BaselineResult> {
    return baseline(this.#deps, version);
  }

  /** Records the migrations another tool's history table says are applied, so adoption re-runs nothing. See `adopt/import-history.ts`. */
  importHistory(options: ImportOptions = {}): Promise<ImportResult> {
    return importHistory(this.#deps, options);
  }

  /** Fixes the history without hand edits: a reviewed change, renamed files, a failed row (audited with the reason). See `adopt/repair.ts`. */
  repair(request: RepairRequest): Promise<RepairDone[]> {
    return repair(this.#deps, request);
  }

  /**
   * Settles a migration left `running`/`failed` by a run cut short outside a transaction; or, with
   * `rolled-back`, records that a migration the audit says is applied, whose history row was
   * removed, was undone by hand (so that `up` may apply it again).
   */
  async resolve(version: string, outcome: 'applied' | 'rolled-back'): Promise<void> {
    await runLocked(this.#deps, 'resolve', async () => {
      const rows = await this.history.read();
      const row = rows.find((r) => r.version === version);
      // A migration the audit says is applied, whose history row is gone, undone by hand: recorded, so `up` may apply it again.
      const orphan = row ? undefined : missingFromHistory(this.safety.audit.entries(), rows).find((m) => m.version === version);
      if (orphan && outcome === 'rolled-back') {
        await this.safety.audit.append('migration.resolved', { version, name: orphan.name, outcome });
        return;
      }
      if (!row || row.status === 'applied') throw new DihyaError('NOTHING_TO_RESOLVE', { version });
      if (outcome === 'applied') await this.history.write({ ...row, status: 'applied' });
      else await this.history.remove(version);
      await this.safety.audit.append('migration.resolved', { version, name: row.name, outcome });
    });
  }

  /**
   * Undoes a migration a crash left half-done, from the recovery record its step wrote before each
   * change that cannot roll back: its backups are restored newest first (only the tables it
   * touched), the tables it created dropped, and its history put back as before it. Audited.
   */
  async undoInterrupted(version: string): Promise<{ version: string; tables: string[] }> {
    return runLocked(this.#deps, 'resolve', async (run) => {
      const row = (await this.history.read()).find((r) => r.version === version);
      if (!row || row.status === 'applied') throw new DihyaError('NOTHING_TO_RESOLVE', { version });
      const record = this.safety.backups.steps.read(version);
      if (!record) throw new DihyaError('NOTHING_TO_UNDO', { version });
      const restored = await restoreStep(run, record);
      if (restored.differences.length > 0) {
        throw new DihyaError('RESTORE_FAILED', { id: record.parts.join(', '), reason: `the restored tables differ: ${restored.differences.join('; ')}` });
      }
      if (record.rowBefore) await this.history.write(record.rowBefore as unknown as HistoryRow);
      else await this.history.remove(version);
      this.safety.backups.steps.clear(version);
      await this.safety.audit.append('migration.undone', { version, name: row.name, backups: record.parts, tables: restored.tables });
      for (const backup of restored.backups) await this.extensions.afterRestore({ run, backup, automatic: false });
      return { version, tables: restored.tables };
    });
  }

  /**
   * Rehearses the pending migrations (up to `to`) on a full copy of this database in a scratch
   * database next to it (anonymized first with `anonymize`): up with the whole safety net, each
   * down in reverse (schema and row counts must come back), up again; the copy is dropped after,
   * also on failure or SIGINT. Writes the receipt (`rehearsal.receipt`) in this database's audit.
   *
   * @example
   * const report = await migrator.rehearse()
   * if (report.result === 'failed') console.error(report.failure)
   */
  async rehearse(options: { to?: string; anonymize?: boolean } = {}): Promise<RehearsalReport> {
    const prepareCopy = options.anonymize ? await copyAnonymizer(this.target, this.config, this.tables.all) : undefined;
    return rehearse(this.#deps, {
      ...(options.to ? { to: options.to } : {}),
      ...(prepareCopy ? { prepareCopy } : {}),
      // Before anything is copied: the packs' demands (santé: special-category data is rehearsed on an anonymized copy only), then lint as before `up`.
      beforeCopy: async (pending) => {
        if (!prepareCopy) {
          const { refuseRehearsalWithoutAnonymizing } = await import('../sectors/rehearse-anonymized.ts');
          await refuseRehearsalWithoutAnonymizing(this.config, pending, await this.target.snapshotSchema(undefined, this.tables.all));
        }
        const { lintBeforeRun } = await import('../lint/lint-capability.ts');
        return { lint: await lintBeforeRun(this.#deps, pending, (await this.#lintOptions()).contributed ?? [], 'rehearse') };
      },
      openCopy: async (url, extensions) => {
        // The copy's backups and audit go to a state folder of its own, removed with it.
        const stateDir = mkdtempSync(path.join(os.tmpdir(), 'dihya-rehearse-state-'));
        // Business hooks and sector packs run on the copy as they will in production.
        const { sectorAndHookExtensions } = await import('../sectors/sectors-capability.ts');
        const hooks = await sectorAndHookExtensions(this.config);
        const copy = new Migrator({ ...this.config, url, stateDir }, await connect(url, this.config.cwd), [...extensions, ...hooks]);
        // The copy's own events (a restore, a failure) are not this database's: only its progress is passed on.
        copy.onEvent((event) => {
          if (event.type === 'migration-start')
            this.#emitter.emit({
              type: 'progress',
              task: 'rehearse',
              phase: `${event.direction} ${event.name}`,
              done: event.index - 1,
              total: event.count,
              unit: 'migrations',
            });
        });
        return {
          target: copy.target,
          up: () => copy.up(),
          down: (o) => copy.down(o),
          close: async () => {
            await copy.close();
            rmSync(stateDir, { recursive: true, force: true });
          },
          abandon: async () => {
            await copy.target.abandonInFlight('rehearsal interrupted').catch(() => 0);
            rmSync(stateDir, { recursive: true, force: true });
          },
        };
      },
    });
  }

  /** Takes a backup now, under the migration lock. */
  async backupNow(reason = 'manual'): Promise<BackupManifest> {
    return runLocked(
      this.#deps,
      'backup',
      async (run) => (await takeBackup(run, reason, lastApplied(await this.history.read()), { force: true, kind: 'manual' }))!,
    );
  }

  /**
   * Replaces the database with a backup, after taking a backup of the current state (never
   * touching dihya-migrate's lock and audit tables). Returns the differences between the restored
   * database and the backup's manifest (empty when identical). A restore cut short is detected by
   * every later command until this one succeeds (RESTORE_INTERRUPTED).
   */
  async restore(id: string): Promise<{ restored: BackupManifest; safetyBackup: BackupManifest; differences: string[] }> {
    const manifest = this.safety.backups.find(id);
    await this.safety.backups.checkFiles(manifest);
    return runLocked(this.#deps, 'restore', async (run) => {
      const safetyBackup = await this.safety.backups.create(`before restoring ${manifest.id}`, lastApplied(await this.history.read()), {
        kind: 'safety',
        run: run.runId,
        protect: [manifest.id],
      });
      const { differences } = await this.safety.backups.restore(manifest);
      await this.safety.audit.append('restore.manual', { id: manifest.id, safetyBackup: safetyBackup.id, identical: differences.length === 0, differences });
      if (differences.length === 0) await this.extensions.afterRestore({ run, backup: manifest, automatic: false });
      return { restored: manifest, safetyBackup, differences };
    });
  }

  /**
   * Forgets a restore that was cut short, leaving the database as it is (on SQLite and PostgreSQL
   * an interrupted restore rolled back, so the database is as it was before it). Audited.
   */
  async abandonRestore(): Promise<{ backup: string }> {
    return runLocked(this.#deps, 'abandon-restore', async () => {
      const marker = this.safety.backups.marker.read();
      if (!marker) throw new DihyaError('NOTHING_TO_RESOLVE', { version: 'an interrupted restore' });
      await this.safety.audit.append('restore.abandoned', { id: marker.backup, startedAt: marker.startedAt });
      this.safety.backups.marker.clear();
      return { backup: marker.backup };
    });
  }

  /**
   * Starts sealing with DIHYA_AUDIT_KEY an audit written so far without it (`audit seal`): under
   * the lock, the next entries carry MACs and the mirror a keyed head, and `audit.sealed` says from
   * which entry. An audit already sealed is left as it is. Throws AUDIT_KEY_MISSING without the key.
   */
  async sealAudit(): Promise<{ from: number; unsealed: number; already: boolean }> {
    const { seal } = await this.safety.audit.verify();
    if (seal.sealedFrom !== undefined) return { from: seal.sealedFrom, unsealed: seal.sealedFrom - 1, already: true };
    this.safety.audit.startSealing();
    return runLocked(this.#deps, 'audit seal', async () => {
      const from = (await this.safety.audit.verify()).seal.sealedFrom ?? 1;
      await this.safety.audit.append('audit.sealed', { from, unsealed: from - 1 });
      return { from, unsealed: from - 1, already: false };
    });
  }

  /** Pins (or unpins) a backup, so retention and `backup prune` keep it. Audited. */
  async pinBackup(id: string, pinned: boolean): Promise<BackupManifest> {
    return runLocked(this.#deps, pinned ? 'backup.pin' : 'backup.unpin', async () => {
      const manifest = pinned ? this.safety.backups.pin(id) : this.safety.backups.unpin(id);
      await this.safety.audit.append(pinned ? 'backup.pinned' : 'backup.unpinned', { id: manifest.id });
      return manifest;
    });
  }

  /**
   * Removes backups as retention allows (`keep` runs, optionally those older than `olderThanMs`;
   * never pinned ones nor the newest good run backup), and folders a killed backup left. Audited.
   */
  async pruneBackups(rule: { keep?: number; olderThanMs?: number } = {}): Promise<string[]> {
    return runLocked(this.#deps, 'backup.prune', async () => {
      const removed = this.safety.backups.prune(rule);
      if (removed.length > 0) await this.safety.audit.append('backup.pruned', { ids: removed });
      return removed;
    });
  }

  /**
   * Restores a backup into a scratch database and compares it with its manifest; records the
   * result. `erasuresAfter`: how many erasures of the ledger the backup predates.
   */
  async verifyBackup(id: string): Promise<{ manifest: BackupManifest; differences: string[]; erasuresAfter: number }> {
    const manifest = this.safety.backups.find(id);
    const result = await this.safety.backups.verify(manifest);
    await runLocked(this.#deps, 'backup.verify', () =>
      this.safety.audit.append('backup.verified', { id: manifest.id, identical: result.differences.length === 0, differences: result.differences }),
    );
    return { ...result, erasuresAfter: erasuresAfter(await this.#erasures(), manifest.createdAt) };
  }

  /**
   * Runs `work` under the migration lock, as every command that changes the database does: own
   * tables upgraded, audit `run.start` / `run.end`, extensions' `beforeAll` / `afterAll` (see
   * pipeline/locked-run.ts). For capabilities that act on the database outside migrations
   * (anonymize, subject export and erase, dweb's export).
   *
   * @example
   * await migrator.locked('subject.erase', async (run) => { … })
   */
  locked<T>(command: LockedCommand, work: (run: RunContext) => Promise<T>): Promise<T> {
    return runLocked(this.#deps, command, work);
  }

  /** The erasure ledger's records (empty when nothing was ever erased). */
  async #erasures(): Promise<ErasureRecord[]> {
    return new ErasureLedger(this.target, this.tables.erasureLedger, this.config.stateDir).read();
  }

  /**
   * Health check for cron and CI, read-only: pending migrations, drift, the live schema against the
   * one the last run recorded, audit integrity, age of the last verified backup, an interrupted
   * migration. Creates nothing in the database.
   */
  check(): Promise<HealthReport> {
    return runHealthCheck(this.#deps);
  }

  /** The metrics of this database (Prometheus text and JSON); also pushed and written where asked. */
  metrics(options: MetricsExportOptions = {}): Promise<MetricsExport> {
    return exportMetrics(this.#deps, options);
  }

  /**
   * Records that a command ran (the CLI calls it once per command, read-only ones too): the access
   * log in the audit, and what extensions do after a command (`afterCommand`). Never throws.
   */
  async recordCommand(command: { command: string; durationMs: number; error?: unknown }): Promise<void> {
    const error = command.error instanceof DihyaError ? command.error : undefined;
    const outcome = command.error === undefined ? 'ok' : (error?.code ?? 'INTERNAL');
    const failures = await this.extensions.afterCommand({
      deps: this.#deps,
      command: command.command,
      durationMs: command.durationMs,
      outcome,
      ...(error ? { error } : {}),
    });
    for (const failure of failures) this.#runLog().warn(failure, 'extension failed');
  }

  async close(): Promise<void> {
    await this.target.close();
  }

  #runLog(): RunLog {
    this.#log ??= createRunLog(this.config.stateDir);
    return this.#log;
  }

  get #deps(): PipelineDeps {
    return {
      config: this.config,
      target: this.target,
      tables: this.tables,
      history: this.history,
      internalSchema: this.internalSchema,
      safety: this.safety,
      emitter: this.#emitter,
      extensions: this.extensions,
      log: () => this.#runLog(),
    };
  }
}
