import type { ResolvedConfig } from '../config/config-schema.ts';
import { loadConfig, type LoadConfigOptions } from '../config/load-config.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { connect } from '../target/connect.ts';
import type { LockHandle, Target } from '../target/target.ts';
import { discoverMigrations, type MigrationFile } from './discover.ts';
import { dryRun, type DryRunResult } from './dry-run.ts';
import { History, type HistoryRow } from './history.ts';
import { loadMigration, type LoadedMigration } from './load-migration.ts';
import { computePlan, type Plan, type StatusEntry } from './plan.ts';
import type { RunEventListener } from './run-events.ts';
import { runStep } from './run-step.ts';

/** A migration that a run applied or reverted. */
export interface StepReport {
  version: string;
  name: string;
  durationMs: number;
}

export interface StatusReport {
  target: string;
  dialect: string;
  entries: StatusEntry[];
  problems: { code: string; message: string; hint: string }[];
}

/**
 * The migration engine for one database: status, plan (dry run), up, down, validate, resolve.
 * Every mutating call takes the migration lock first, so concurrent runs never apply a
 * migration twice.
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
  #listeners: RunEventListener[] = [];

  constructor(config: ResolvedConfig, target: Target) {
    this.config = config;
    this.target = target;
    this.history = new History(target, config.table);
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

  #emit: RunEventListener = (event) => {
    for (const listener of this.#listeners) listener(event);
  };

  /** Every migration with its state; problems (drift, interruption) are listed, not thrown. */
  async status(): Promise<StatusReport> {
    const plan = await this.#plan(await this.history.read());
    return {
      target: this.target.displayUrl,
      dialect: this.target.dialect,
      entries: plan.entries,
      problems: plan.problems.map((p) => ({ code: p.code, message: p.message, hint: p.hint })),
    };
  }

  /** What `up` would do: each pending migration with the SQL it would send. Changes nothing. */
  async plan(options: { to?: string } = {}): Promise<DryRunResult[]> {
    const plan = await this.#plan(await this.history.read());
    throwFirst(plan);
    const pending = await this.#load(upTo(plan.pending, options.to, plan));
    const results: DryRunResult[] = [];
    for (const migration of pending) results.push(await dryRun(this.target, migration));
    return results;
  }

  /**
   * Applies pending migrations in order (up to and including `to`), each in its own transaction
   * where possible. Every pending file is loaded and checked before the lock is taken, so a
   * malformed one stops the run before the database is touched.
   */
  async up(options: { to?: string } = {}): Promise<StepReport[]> {
    const preview = await this.#plan(await this.history.read());
    throwFirst(preview);
    const loaded = new Map((await this.#load(upTo(preview.pending, options.to, preview))).map((m) => [m.version, m]));
    if (loaded.size === 0) return [];
    return this.#locked(async (lock) => {
      await this.history.ensure();
      const plan = await this.#plan(await this.history.read());
      throwFirst(plan);
      const applied: StepReport[] = [];
      for (const file of upTo(plan.pending, options.to, plan)) {
        const migration = loaded.get(file.version) ?? (await loadMigration(file, this.target.dialect));
        const durationMs = await runStep(this.#stepRun(lock, migration, 'up'));
        if (durationMs !== undefined) applied.push({ version: migration.version, name: migration.name, durationMs });
      }
      return applied;
    });
  }

  /** Reverts the last `steps` applied migrations (default 1), or all applied after version `to`. */
  async down(options: { steps?: number; to?: string } = {}): Promise<StepReport[]> {
    return this.#locked(async (lock) => {
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
      const reverted: StepReport[] = [];
      for (const migration of loaded) {
        const durationMs = await runStep(this.#stepRun(lock, migration, 'down'));
        if (durationMs !== undefined) reverted.push({ version: migration.version, name: migration.name, durationMs });
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
    await this.#locked(async () => {
      const row = (await this.history.read()).find((r) => r.version === version);
      if (!row || row.status === 'applied') throw new DihyaError('NOTHING_TO_RESOLVE', { version });
      if (outcome === 'applied') await this.history.write({ ...row, status: 'applied' });
      else await this.history.remove(version);
    });
  }

  async close(): Promise<void> {
    await this.target.close();
  }

  async #plan(rows: HistoryRow[]): Promise<Plan> {
    return computePlan(discoverMigrations(this.config.migrationsDir), rows, { outOfOrder: this.config.outOfOrder });
  }

  /** Loads every file first, so a malformed one stops the run before anything is applied. */
  async #load(files: MigrationFile[]): Promise<LoadedMigration[]> {
    const loaded: LoadedMigration[] = [];
    for (const file of files) loaded.push(await loadMigration(file, this.target.dialect));
    return loaded;
  }

  async #locked<T>(work: (lock: LockHandle) => Promise<T>): Promise<T> {
    this.#emit({ type: 'lock-wait', table: this.config.table });
    const started = Date.now();
    const lock = await this.target.acquireLock({ table: this.config.table, ...this.config.lock });
    this.#emit({ type: 'lock-acquired', holder: lock.holder, waitedMs: Date.now() - started });
    try {
      return await work(lock);
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

function throwFirst(plan: Plan): void {
  if (plan.problems[0]) throw plan.problems[0];
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
