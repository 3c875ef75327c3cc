import { DihyaError } from '../errors/dihya-error.ts';
import { readMigrations } from '../layouts/read-layout.ts';
import type { MigrationFile } from '../migrations/discover.ts';
import type { HistoryRow } from '../migrations/history.ts';
import { loadMigration, type LoadedMigration } from '../migrations/load-migration.ts';
import { findUnknownCheckNames } from '../migrations/check-names.ts';
import { ownConnectionsOf } from '../migrations/own-connections.ts';
import { computePlan, type Plan } from '../migrations/plan.ts';
import { compareVersions, isRepeatableVersion, newestVersion } from '../migrations/version-order.ts';
import { applyAllInOneTransaction, applyEachInItsTransaction, assertAtomicPossible, takeBackup, type StepReport } from './apply-steps.ts';
import { assertNoInterruptedRestore, runLocked } from './locked-run.ts';
import { refuseReapplying } from './refuse-reapplying.ts';
import type { PipelineDeps } from './run-context.ts';

/*
 * The run, phase by phase — the one place that says in which order things happen.
 *
 *   prepare        before the lock: every pending file loaded and checked (the tables its `checks`
 *                  name included), extensions' `prepare`
 *                  (lint, personal-data literals, required rehearsal receipt…); a problem stops
 *                  the run with the database untouched
 *   lock           the migration lock (locked-run.ts), own tables upgraded, audit `run.start`,
 *                  extensions' `beforeAll`
 *   backup         one verified backup of the database before the first change
 *   steps          per step (apply-steps.ts): its own backup when it may keep partial changes →
 *                  `beforeStep` → in transaction [lock check, already-applied check, up/down,
 *                  verify, validation, `inTransaction`, history row, staged audit] (step-transaction.ts)
 *                  → commit → after-commit [audit confirmed, `migration-done`, `afterCommit`]
 *   on failure     rollback, or restore of the backup that covers the step, `migration.failed`,
 *                  `onFailure` (step-failure.ts); the run stops
 *   end            audit `run.end` / `run.failed`, `afterAll`, unlock
 *
 * Extensions (run-extension.ts) attach at the named points; nothing else is threaded through.
 */

/** What `up` applies: up to a version, in one transaction or one per migration. */
export interface UpOptions {
  to?: string;
  atomic?: boolean;
}

/**
 * `up`: prepare → lock → backup → steps. Returns the migrations applied.
 *
 * @example
 * const applied = await runUp(deps, { to: '20261127061249' })
 */
export async function runUp(deps: PipelineDeps, options: UpOptions = {}): Promise<StepReport[]> {
  // prepare. Outside the lock a `running` row may belong to a live run (MariaDB writes it before
  // DDL): whether it was really interrupted is decided once the lock is ours.
  await deps.internalSchema.assertReadable();
  assertNoInterruptedRestore(deps);
  // The files are read once: what runs under the lock is what was loaded and checked here (a file
  // added meanwhile waits for the next run, as one added after the run started would).
  const files = readMigrations(deps.config.migrationsDir, deps.config.layout);
  const preview = await readPlan(deps, undefined, files);
  throwFirstProblem(preview, ['INTERRUPTED']);
  const toApply = upTo(preview.pending, options.to, preview);
  await refuseReapplying(deps, toApply);
  const loaded = await loadAll(deps, toApply);
  const inFlight = preview.problems.some((p) => p.code === 'INTERRUPTED');
  if (loaded.length === 0 && !inFlight) return [];
  const atomic = options.atomic ?? deps.config.atomic;
  if (atomic) assertAtomicPossible(deps, loaded);
  const unknownName = await findUnknownCheckNames(deps.target, loaded, deps.tables.all);
  if (unknownName) throw unknownName;
  await deps.extensions.prepare({ deps, command: 'up', direction: 'up', migrations: loaded });

  return runLocked(deps, 'up', async (run) => {
    const rows = await deps.history.read();
    const plan = await readPlan(deps, rows, files);
    throwFirstProblem(plan);
    const pending = upTo(plan.pending, options.to, plan);
    if (pending.length === 0) return [];
    const byVersion = new Map(loaded.map((m) => [m.version, m]));
    const migrations = await loadAll(deps, pending, byVersion);

    // backup
    const schema = await deps.safety.currentSchema();
    const runBackup = await takeBackup(run, 'before up', lastApplied(rows), { schema });

    // steps
    const stepsPlan = { migrations, direction: 'up' as const, runBackup, schemaBefore: deps.safety.withoutHistory(schema), lastApplied: lastApplied(rows) };
    return atomic ? applyAllInOneTransaction(run, stepsPlan) : applyEachInItsTransaction(run, stepsPlan);
  });
}

/** What `down` reverts: the last `steps` applied migrations (default 1), or all applied after `to`. */
export interface DownOptions {
  steps?: number;
  to?: string;
}

/**
 * `down`: lock → prepare (under the lock: what to revert depends on the history) → backup → steps.
 *
 * @example
 * const reverted = await runDown(deps, { steps: 2 })
 */
export async function runDown(deps: PipelineDeps, options: DownOptions = {}): Promise<StepReport[]> {
  return runLocked(deps, 'down', async (run) => {
    const rows = await deps.history.read();
    const plan = await readPlan(deps, rows);
    const cutShort = plan.entries.find((e) => e.state === 'backfilling');
    if (cutShort)
      throw new DihyaError('BACKFILL_IN_PROGRESS', { name: cutShort.name, done: cutShort.progress?.done ?? 0, total: cutShort.progress?.total ?? 0 });
    const toRevert = pickForDown(rows, options);
    const blocking = plan.problems.find((p) => p.code === 'INTERRUPTED') ?? toRevert.map((r) => plan.problemByVersion.get(r.version)).find(Boolean);
    if (blocking) throw blocking;
    const files = new Map(readMigrations(deps.config.migrationsDir, deps.config.layout).map((f) => [f.version, f]));
    const migrations = await loadAll(
      deps,
      toRevert.map((row) => files.get(row.version)!),
    );
    for (const migration of migrations) {
      if (!migration.definition.down) throw new DihyaError('NO_DOWN', { name: migration.name });
    }
    if (migrations.length === 0) return [];
    await deps.extensions.prepare({ deps, command: 'down', direction: 'down', migrations });
    const runBackup = await takeBackup(run, 'before down', lastApplied(rows));
    return applyEachInItsTransaction(run, { migrations, direction: 'down', runBackup, lastApplied: lastApplied(rows) });
  });
}

/**
 * The plan (files against history), with the backup taken just before each interrupted
 * migration named in its error. `rows` and `files` default to reading them now.
 *
 * @example
 * const plan = await readPlan(deps)
 * plan.pending.map((f) => f.name)
 */
export async function readPlan(deps: PipelineDeps, rows?: HistoryRow[], files?: MigrationFile[]): Promise<Plan> {
  const plan = computePlan(files ?? readMigrations(deps.config.migrationsDir, deps.config.layout), rows ?? (await deps.history.read()), {
    outOfOrder: deps.config.outOfOrder,
  });
  for (const [version, problem] of plan.problemByVersion) {
    if (!DihyaError.is(problem, 'INTERRUPTED')) continue;
    // A whole-database backup from before it (its history included); table-scoped step backups hold only some tables.
    const backup = deps.safety.backups.list().find((b) => !b.tables && (b.lastApplied === null || compareVersions(b.lastApplied, version) < 0));
    const undo = deps.safety.backups.steps.read(version) !== undefined;
    if (!backup && !undo) continue;
    const enriched = problem.with({ ...(backup ? { backup: backup.id } : {}), ...(undo ? { undo: 'yes' as const } : {}) });
    plan.problemByVersion.set(version, enriched);
    plan.problems[plan.problems.indexOf(problem)] = enriched;
  }
  return plan;
}

/**
 * Loads every file first (reusing those already loaded), so a malformed one stops the run
 * before anything is applied; a migration that opens connections of its own is refused (OWN_CONNECTIONS).
 *
 * @example
 * const migrations = await loadAll(deps, plan.pending)
 */
export async function loadAll(deps: PipelineDeps, files: MigrationFile[], known = new Map<string, LoadedMigration>()): Promise<LoadedMigration[]> {
  const loaded: LoadedMigration[] = [];
  for (const file of files) {
    const migration = known.get(file.version) ?? (await loadMigration(file, deps.target.dialect));
    const own = ownConnectionsOf(migration);
    if (own) throw new DihyaError('OWN_CONNECTIONS', { name: migration.name, what: own });
    loaded.push(migration);
  }
  return loaded;
}

/**
 * Throws the first drift or inconsistency of the plan, except the codes in `ignore`.
 *
 * @example
 * throwFirstProblem(plan, ['INTERRUPTED'])
 */
export function throwFirstProblem(plan: Plan, ignore: string[] = []): void {
  const first = plan.problems.find((p) => !ignore.includes(p.code));
  if (first) throw first;
}

/**
 * The newest applied version in the history, or null.
 *
 * @example
 * lastApplied(rows) // '20261127061249'
 */
export function lastApplied(rows: HistoryRow[]): string | null {
  return newestVersion(rows.filter((r) => r.status === 'applied').map((r) => r.version)) ?? null;
}

/**
 * The pending migrations up to and including `to` (a version or a full name).
 *
 * @example
 * upTo(plan.pending, '20261127061249', plan)
 */
export function upTo(pending: MigrationFile[], to: string | undefined, plan: Plan): MigrationFile[] {
  if (to === undefined) return pending;
  const entry = plan.entries.find((e) => e.version === to || e.name === to);
  if (!entry) throw new DihyaError('TARGET_VERSION_UNKNOWN', { version: to });
  return pending.filter((f) => compareVersions(f.version, entry.version) <= 0);
}

/**
 * The history rows `down` reverts, newest first.
 *
 * @example
 * pickForDown(rows, { steps: 2 })
 */
export function pickForDown(rows: HistoryRow[], options: DownOptions): HistoryRow[] {
  // repeatable migrations have no place in the order to revert (Flyway undoes versioned ones only)
  const applied = rows.filter((r) => r.status === 'applied' && !isRepeatableVersion(r.version)).sort((a, b) => compareVersions(b.version, a.version));
  if (options.to !== undefined) {
    const to = rows.find((r) => r.version === options.to || r.name === options.to);
    if (!to) throw new DihyaError('NOT_APPLIED', { version: options.to });
    return applied.filter((r) => compareVersions(r.version, to.version) > 0);
  }
  return applied.slice(0, options.steps ?? 1);
}
