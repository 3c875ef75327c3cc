import type { ResolvedConfig } from '../config/config-schema.ts';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { connect } from '../target/connect.ts';
import type { LockHandle, Target } from '../target/target.ts';
import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { SchemaSnapshot } from '../target/schema-snapshot.ts';
import { discoverMigrations, type MigrationFile } from './discover.ts';
import { dryRun, type DryRunResult } from './dry-run.ts';
import { History, type HistoryRow } from './history.ts';
import { loadMigration, type LoadedMigration } from './load-migration.ts';
import { computePlan, type Plan, type StatusEntry } from './plan.ts';
import type { RunEventListener } from './run-events.ts';
import { inTransactionWithRetry, runStep, type StepOutcome } from './run-step.ts';
import type { Kysely } from 'kysely';
import { SafetyNet } from './safety-net.ts';
import { previewSchemaChanges } from './schema-preview.ts';
import type { StagedEntry } from '../audit/audit-log.ts';
import type { Logger } from 'pino';
import { createRunLog } from '../log/run-log.ts';

/** A migration that a run applied or reverted. */
export interface StepReport {
  version: string;
  name: string;
  durationMs: number;
  /** Schema changes it made, one line each (`+table orders`), for `up` with validation. */
  schemaChanges?: string[];
}

export interface StatusReport {
  target: string;
  dialect: string;
  entries: (StatusEntry & { schemaChange?: string })[];
  problems: { code: string; message: string; hint: string }[];
}

/**
 * The migration engine for one database: status, plan (dry run), up, down, validate, resolve.
 * Every change runs behind the safety net: the migration lock, a backup first, an audit entry per
 * operation, a transaction per migration where the dialect allows, checks after each step, and an
 * automatic restore when a step fails half-way outside a transaction.
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
  readonly history: History;
  readonly safety: SafetyNet;
  #listeners: RunEventListener[] = [];

  constructor(config: ResolvedConfig, target: Target) {
    this.config = config;
    this.target = target;
    this.history = new History(target, config.table);
    this.safety = new SafetyNet(target, config);
  }

  /** Loads the config (see {@link loadConfig}) and connects to its database. */
  static async open(options: LoadConfigOptions & { onEvent?: RunEventListener } = {}): Promise<Migrator> {
    const config = await loadConfig(options);
    const migrator = new Migrator(config, await connect(config.url, config.cwd));
    if (options.onEvent) migrator.onEvent(options.onEvent);
    return migrator;
  }

  /** Subscribes to run events (start, retry, done, failed, lock). */
  onEvent(listener: RunEventListener): void {
    this.#listeners.push(listener);
  }

  #log: Logger | undefined;

  #emit: RunEventListener = (event) => {
    this.#log?.info(event, event.type);
    for (const listener of this.#listeners) listener(event);
  };

  /** Every migration with its state and recorded schema change; problems (drift, interruption) are listed, not thrown. */
  async status(): Promise<StatusReport> {
    const rows = await this.history.read();
    const plan = await this.#plan(rows);
    const changes = new Map(rows.map((r) => [r.version, r.schema_change ?? undefined]));
    return {
      target: this.target.displayUrl,
      dialect: this.target.dialect,
      entries: plan.entries.map((e) => ({ ...e, ...(changes.get(e.version) ? { schemaChange: changes.get(e.version)! } : {}) })),
      problems: plan.problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint })),
    };
  }

  /**
   * What `up` would do: each pending migration with the SQL it would send and the schema changes
   * it would make (tried on a schema-only scratch copy unless `schemaDiff: false`). Changes nothing.
   */
  async plan(options: { to?: string; schemaDiff?: boolean } = {}): Promise<DryRunResult[]> {
    const plan = await this.#plan(await this.history.read());
    throwFirst(plan);
    const pending = await this.#load(upTo(plan.pending, options.to, plan));
    const results: DryRunResult[] = [];
    for (const migration of pending) results.push(await dryRun(this.target, migration));
    const preview = options.schemaDiff === false ? undefined : await previewSchemaChanges(this.target, pending, this.safety.ownTables);
    for (const result of results) {
      if (preview?.ok) result.schemaChanges = preview.changes.get(result.version) ?? [];
      else if (preview) result.schemaPreviewError = preview.reason;
    }
    return results;
  }

  /**
   * Applies pending migrations in order (up to and including `to`). Every pending file is loaded
   * and checked before the lock is taken, so a malformed one stops the run with the database
   * untouched. Then: backup, and for each migration its own transaction, verify(), data checks and
   * history row; a migration that fails outside a transaction is undone by restoring its backup.
   */
  async up(options: { to?: string; atomic?: boolean } = {}): Promise<StepReport[]> {
    const preview = await this.#plan(await this.history.read());
    // Outside the lock a `running` row may belong to a live run (MariaDB writes it before DDL):
    // whether it was really interrupted is decided once the lock is ours.
    throwFirst(preview, ['INTERRUPTED']);
    const loaded = new Map((await this.#load(upTo(preview.pending, options.to, preview))).map((m) => [m.version, m]));
    const inFlight = preview.problems.some((p) => p.code === 'INTERRUPTED');
    if (loaded.size === 0 && !inFlight) return [];
    const atomic = options.atomic ?? this.config.atomic;
    if (atomic) this.#checkAtomic([...loaded.values()]);
    return this.#locked('up', async (lock) => {
      await this.history.ensure();
      const rows = await this.history.read();
      const plan = await this.#plan(rows);
      throwFirst(plan);
      const pending = upTo(plan.pending, options.to, plan);
      if (pending.length === 0) return [];
      const schema = await this.safety.currentSchema();
      const runBackup = await this.#backup('before up', lastApplied(rows), { schema });
      const migrations = await Promise.all(pending.map(async (file) => loaded.get(file.version) ?? loadMigration(file, this.target.dialect)));
      if (atomic) return this.#applyAtomically(lock, migrations, runBackup);
      let before = this.safety.withoutHistory(schema);
      const applied: StepReport[] = [];
      for (const [index, migration] of migrations.entries()) {
        const backup =
          index === 0 || !this.#mayKeepPartialChanges(migration)
            ? runBackup
            : await this.#backup(`before ${migration.name}`, applied.at(-1)?.version ?? lastApplied(rows));
        const outcome = await this.#step(lock, migration, 'up', backup, before);
        if (!outcome) continue;
        if (outcome.after) before = outcome.after;
        applied.push(outcome.report);
      }
      return applied;
    });
  }

  /**
   * Reverts the last `steps` applied migrations (default 1), or all applied after version `to`, after a
   * backup (and one before each further step that could leave partial changes).
   */
  async down(options: { steps?: number; to?: string } = {}): Promise<StepReport[]> {
    return this.#locked('down', async (lock) => {
      const rows = await this.history.read();
      const plan = await this.#plan(rows);
      const toRevert = pickForDown(rows, options);
      const files = new Map(discoverMigrations(this.config.migrationsDir).map((f) => [f.version, f]));
      const blocking = plan.problems.find((p) => p.code === 'INTERRUPTED') ?? toRevert.map((r) => plan.problemByVersion.get(r.version)).find(Boolean);
      if (blocking) throw blocking;
      const loaded = await this.#load(toRevert.map((row) => files.get(row.version)!));
      for (const migration of loaded) {
        if (!migration.definition.down) throw new DihyaError('NO_DOWN', { name: migration.name });
      }
      if (loaded.length === 0) return [];
      const runBackup = await this.#backup('before down', lastApplied(rows));
      const reverted: StepReport[] = [];
      for (const [index, migration] of loaded.entries()) {
        const backup =
          index === 0 || !this.#mayKeepPartialChanges(migration) ? runBackup : await this.#backup(`before reverting ${migration.name}`, migration.version);
        const outcome = await this.#step(lock, migration, 'down', backup);
        if (outcome) reverted.push(outcome.report);
      }
      return reverted;
    });
  }

  /**
   * Checks everything without changing the database: every file loads and is well formed,
   * and the history matches the files. Throws the first problem found.
   */
  async validate(): Promise<{ files: number; applied: number; pending: number }> {
    const files = discoverMigrations(this.config.migrationsDir);
    await this.#load(files);
    const plan = computePlan(files, await this.history.read(), { outOfOrder: this.config.outOfOrder });
    throwFirst(plan);
    const applied = plan.entries.filter((e) => e.state === 'applied').length;
    return { files: files.length, applied, pending: plan.pending.length };
  }

  /** Settles a migration left `running`/`failed` by a run cut short outside a transaction. */
  async resolve(version: string, outcome: 'applied' | 'rolled-back'): Promise<void> {
    await this.#locked('resolve', async () => {
      const row = (await this.history.read()).find((r) => r.version === version);
      if (!row || row.status === 'applied') throw new DihyaError('NOTHING_TO_RESOLVE', { version });
      if (outcome === 'applied') await this.history.write({ ...row, status: 'applied' });
      else await this.history.remove(version);
      await this.safety.audit.append('migration.resolved', { version, name: row.name, outcome });
    });
  }

  /** Takes a backup now, under the migration lock. */
  async backupNow(reason = 'manual'): Promise<BackupManifest> {
    return this.#locked('backup', async () => (await this.#backup(reason, lastApplied(await this.history.read()), { force: true }))!);
  }

  /**
   * Replaces the database with a backup, after taking a backup of the current state. Returns the
   * differences between the restored database and the backup's manifest (empty when identical).
   */
  async restore(id: string): Promise<{ restored: BackupManifest; safetyBackup: BackupManifest; differences: string[] }> {
    const manifest = this.safety.backups.find(id);
    await this.safety.backups.checkFiles(manifest);
    return this.#locked('restore', async () => {
      const safetyBackup = await this.safety.backups.create(`before restoring ${manifest.id}`, lastApplied(await this.history.read()));
      const { differences } = await this.safety.backups.restore(manifest);
      await this.safety.audit.append('restore.manual', { id: manifest.id, safetyBackup: safetyBackup.id, identical: differences.length === 0, differences });
      return { restored: manifest, safetyBackup, differences };
    });
  }

  /** Restores a backup into a scratch database and compares it with its manifest; records the result. */
  async verifyBackup(id: string): Promise<{ manifest: BackupManifest; differences: string[] }> {
    const manifest = this.safety.backups.find(id);
    const result = await this.safety.backups.verify(manifest);
    await this.#locked('backup.verify', () =>
      this.safety.audit.append('backup.verified', { id: manifest.id, identical: result.differences.length === 0, differences: result.differences }),
    );
    return result;
  }

  async close(): Promise<void> {
    await this.target.close();
  }

  async #backup(reason: string, last: string | null, options: { force?: boolean; schema?: SchemaSnapshot } = {}): Promise<BackupManifest | undefined> {
    const manifest = await this.safety.backup(reason, last, options);
    if (manifest) this.#emit({ type: 'backup-created', id: manifest.id, method: manifest.method, durationMs: manifest.durationMs, reason });
    return manifest;
  }

  /**
   * All pending migrations in one transaction: each still gets its checks, history row and audit
   * entry, but a failure anywhere rolls the whole run back. Needs transactional DDL.
   */
  async #applyAtomically(lock: LockHandle, migrations: LoadedMigration[], backup: BackupManifest | undefined): Promise<StepReport[]> {
    this.#checkAtomic(migrations);
    let applied: StepReport[] = [];
    let current: LoadedMigration | undefined;
    try {
      await inTransactionWithRetry(this.target, this.config.postgres, 'the run', this.#emit, '', async (trx) => {
        applied = [];
        this.safety.audit.discardStaged();
        let before = await this.target.snapshotSchema(trx, this.safety.ownTables);
        for (const migration of migrations) {
          current = migration;
          const outcome = await runStep({
            ...this.#stepRun(lock, migration, 'up'),
            transaction: trx,
            validation: this.safety.validation(before),
            recordInTransaction: (db, o) => this.#stageApplied(db, migration, 'up', o).then(() => undefined),
          });
          if (!outcome) continue;
          if (outcome.report) before = outcome.report.after;
          applied.push(this.#report(migration, outcome));
        }
      });
    } catch (error) {
      this.safety.audit.discardStaged();
      throw await this.#failed(current ?? migrations[0]!, 'up', error, backup);
    }
    this.safety.audit.confirmStaged();
    return applied;
  }

  #checkAtomic(migrations: LoadedMigration[]): void {
    if (!this.target.capabilities.transactionalDdl) throw new DihyaError('ATOMIC_UNSUPPORTED', { reason: `${this.target.dialect} commits DDL implicitly` });
    const outside = migrations.find((m) => m.definition.transactional === false);
    if (outside) throw new DihyaError('ATOMIC_UNSUPPORTED', { reason: `${outside.name} must run outside a transaction` });
  }

  async #stageApplied(db: Kysely<any>, migration: LoadedMigration, direction: 'up' | 'down', o: StepOutcome): Promise<StagedEntry> {
    return this.safety.audit.stage(
      direction === 'up' ? 'migration.applied' : 'migration.reverted',
      {
        version: migration.version,
        name: migration.name,
        checksum: migration.checksum,
        durationMs: o.durationMs,
        ...(migration.definition.sector ? { sector: migration.definition.sector } : {}),
        ...(o.report ? { schemaChanges: o.report.changes.map((c) => c.summary) } : {}),
      },
      db,
    );
  }

  #report(migration: LoadedMigration, outcome: StepOutcome): StepReport {
    const schemaChanges = outcome.report?.changes.map((c) => c.summary);
    return { version: migration.version, name: migration.name, durationMs: outcome.durationMs, ...(schemaChanges ? { schemaChanges } : {}) };
  }

  /**
   * One step with its audit entry, which commits in the step's own transaction (so the audit says
   * "applied" exactly when the history does); on failure, the backup is restored when the step may
   * have left changes behind.
   */
  async #step(lock: LockHandle, migration: LoadedMigration, direction: 'up' | 'down', backup: BackupManifest | undefined, before?: SchemaSnapshot) {
    let staged: StagedEntry | undefined;
    try {
      const outcome = await runStep({
        ...this.#stepRun(lock, migration, direction),
        ...(before ? { validation: this.safety.validation(before) } : {}),
        recordInTransaction: async (db, o) => {
          staged = await this.#stageApplied(db, migration, direction, o);
        },
      });
      if (staged) this.safety.audit.confirm(staged);
      if (!outcome) return undefined;
      return { report: this.#report(migration, outcome), after: outcome.report?.after };
    } catch (error) {
      this.safety.audit.discardStaged();
      throw await this.#failed(migration, direction, error, backup);
    }
  }

  async #failed(migration: LoadedMigration, direction: 'up' | 'down', error: unknown, backup: BackupManifest | undefined): Promise<unknown> {
    let reported = error;
    if (error instanceof DihyaError && error.details.rolledBack === 'no' && backup) {
      reported = await this.safety.restoreAfterFailure(backup, error);
      this.#emit({ type: 'restored', id: backup.id, identical: reported instanceof DihyaError && reported.details.rolledBack === 'restored' });
    }
    const details = reported instanceof DihyaError ? { code: reported.code, message: reported.message } : { code: 'INTERNAL', message: String(error) };
    await this.safety.audit.append('migration.failed', { version: migration.version, name: migration.name, direction, ...details });
    return reported;
  }

  /** True when a failure of this migration could leave part of it applied (no transactional DDL, or run outside a transaction). */
  #mayKeepPartialChanges(migration: LoadedMigration): boolean {
    return !this.target.capabilities.transactionalDdl || migration.definition.transactional === false;
  }

  /** The plan, with the backup taken just before each interrupted migration named in its error. */
  async #plan(rows: HistoryRow[]): Promise<Plan> {
    const plan = computePlan(discoverMigrations(this.config.migrationsDir), rows, { outOfOrder: this.config.outOfOrder });
    for (const [version, problem] of plan.problemByVersion) {
      if (problem.code !== 'INTERRUPTED') continue;
      const backup = this.safety.backups.list().find((b) => b.lastApplied === null || b.lastApplied < version);
      if (!backup) continue;
      const enriched = new DihyaError('INTERRUPTED', { ...problem.details, backup: backup.id });
      plan.problemByVersion.set(version, enriched);
      plan.problems[plan.problems.indexOf(problem)] = enriched;
    }
    return plan;
  }

  /** Loads every file first, so a malformed one stops the run before anything is applied. */
  async #load(files: MigrationFile[]): Promise<LoadedMigration[]> {
    const loaded: LoadedMigration[] = [];
    for (const file of files) loaded.push(await loadMigration(file, this.target.dialect));
    return loaded;
  }

  /** Runs `work` under the migration lock, between `run.start` and `run.end`/`run.failed` audit entries. */
  async #locked<T>(command: string, work: (lock: LockHandle) => Promise<T>): Promise<T> {
    this.#log ??= createRunLog(this.config.stateDir);
    this.#log.info({ command, target: this.target.displayUrl }, 'run start');
    this.#emit({ type: 'lock-wait', table: this.config.table });
    const started = Date.now();
    const lock = await this.target.acquireLock({ table: this.config.table, ...this.config.lock });
    this.#emit({ type: 'lock-acquired', holder: lock.holder, waitedMs: Date.now() - started });
    try {
      await this.safety.audit.append('run.start', { command, pid: process.pid });
      const result = await work(lock);
      await this.safety.audit.append('run.end', { command, durationMs: Date.now() - started });
      return result;
    } catch (error) {
      const code = error instanceof DihyaError ? error.code : 'INTERNAL';
      this.#log?.error({ command, code, message: error instanceof Error ? error.message : String(error) }, 'run failed');
      if (!(error instanceof DihyaError && error.code === 'AUDIT_BROKEN')) {
        await this.safety.audit.append('run.failed', { command, code }).catch(() => undefined);
      }
      throw error;
    } finally {
      await lock.release().catch(() => undefined);
      this.#emit({ type: 'lock-released' });
    }
  }

  #stepRun(lock: LockHandle, migration: LoadedMigration, direction: 'up' | 'down') {
    return {
      target: this.target,
      history: this.history,
      lock,
      migration,
      direction,
      actor: this.config.actor ?? 'unknown',
      postgres: this.config.postgres,
      emit: this.#emit,
    };
  }
}

function throwFirst(plan: Plan, ignore: string[] = []): void {
  const first = plan.problems.find((p) => !ignore.includes(p.code));
  if (first) throw first;
}

function lastApplied(rows: HistoryRow[]): string | null {
  return (
    rows
      .filter((r) => r.status === 'applied')
      .map((r) => r.version)
      .sort()
      .at(-1) ?? null
  );
}

function upTo(pending: MigrationFile[], to: string | undefined, plan: Plan): MigrationFile[] {
  if (to === undefined) return pending;
  if (!plan.entries.some((e) => e.version === to || e.name === to)) throw new DihyaError('TARGET_VERSION_UNKNOWN', { version: to });
  return pending.filter((f) => f.version <= to.slice(0, 14));
}

function pickForDown(rows: HistoryRow[], options: { steps?: number; to?: string }): HistoryRow[] {
  const applied = rows.filter((r) => r.status === 'applied').sort((a, b) => b.version.localeCompare(a.version));
  if (options.to !== undefined) {
    const to = options.to.slice(0, 14);
    if (!rows.some((r) => r.version === to)) throw new DihyaError('NOT_APPLIED', { version: options.to });
    return applied.filter((r) => r.version > to);
  }
  return applied.slice(0, options.steps ?? 1);
}
