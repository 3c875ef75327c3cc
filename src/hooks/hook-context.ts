import type { Kysely } from 'kysely';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { RunContext, StepContext } from '../pipeline/run-context.ts';
import type { HookMigration, MigrationHookContext, NoteDetails, RunHookContext } from './hook-types.ts';

/** Thrown by `ctx.abort(reason)`. */
export class HookAborted extends Error {}

/** The state every hook of one step shares (`ctx.state`), per run. */
export class StepStates {
  readonly #byRun = new WeakMap<RunContext, Map<string, Map<string, unknown>>>();
  readonly #failedRuns = new WeakSet<RunContext>();

  /** The state of `step` (created on first use). */
  of(step: Pick<StepContext, 'run' | 'direction' | 'migration'>): Map<string, unknown> {
    let states = this.#byRun.get(step.run);
    if (!states) this.#byRun.set(step.run, (states = new Map()));
    const key = `${step.direction}:${step.migration.version}`;
    let state = states.get(key);
    if (!state) states.set(key, (state = new Map()));
    return state;
  }

  /** Records that a step of `run` failed (its `onError` hooks ran then, not again at the end of the run). */
  markFailed(run: RunContext): void {
    this.#failedRuns.add(run);
  }

  hasFailedStep(run: RunContext): boolean {
    return this.#failedRuns.has(run);
  }
}

/** Where a hook's context reads and writes: the database handle, and whether it is the step's transaction. */
export interface HookPlace {
  db?: Kysely<any>;
  inTransaction?: boolean;
  migration?: string;
}

/**
 * The context of a run-level hook (`beforeAll`, `afterAll`, `onError` of a run that failed before any step).
 *
 * @example
 * await hook(runHookContext(run, 'hook beforeAll #1'))
 */
export function runHookContext(run: RunContext, hook: string, place: HookPlace = {}): RunHookContext {
  const db = place.db ?? run.target.db;
  const inTransaction = place.inTransaction ?? false;
  const base = { hook, run: run.runId, ...(place.migration ? { migration: place.migration } : {}) };
  // In the step's transaction: staged in it where it surely rolls back with it; on MariaDB (DDL commits at once, and
  // with it a mirror row written before) held back until the step committed, and dropped if it fails.
  type Details<E extends 'hook.note' | 'data.access'> = Parameters<typeof run.safety.audit.append<E>>[1];
  const write = !inTransaction
    ? <E extends 'hook.note' | 'data.access'>(event: E, details: Details<E>) => run.safety.audit.append(event, details).then(() => undefined)
    : run.target.capabilities.transactionalDdl
      ? <E extends 'hook.note' | 'data.access'>(event: E, details: Details<E>) => run.safety.audit.stage(event, details, db).then(() => undefined)
      : <E extends 'hook.note' | 'data.access'>(event: E, details: Details<E>) => Promise.resolve(run.safety.audit.defer(event, details));
  const log = run.log().child({ hook });
  return {
    hook,
    dialect: run.target.dialect,
    runId: run.runId,
    command: run.command,
    actor: run.config.actor ?? 'unknown',
    db,
    inTransaction,
    log: {
      info: (details, message) => log.info(details, message),
      warn: (details, message) => log.warn(details, message),
      error: (details, message) => log.error(details, message),
    },
    audit: {
      note: (message: string, details?: NoteDetails) => write('hook.note', { ...base, message, ...(details ? { details } : {}) }),
      access: (entry) =>
        write('data.access', {
          ...base,
          migration: place.migration ?? '-',
          tables: entry.tables,
          rows: entry.rows,
          outcome: entry.outcome ?? 'applied',
          ...(entry.sector ? { sector: entry.sector } : {}),
          ...(entry.purpose ? { purpose: entry.purpose } : {}),
          ...(entry.approvedBy ? { approvedBy: entry.approvedBy } : {}),
        }),
    },
    abort(reason: string): never {
      throw new HookAborted(reason);
    },
  };
}

/** What a migration hook's context adds to the step (see MigrationHookContext). */
export type StepExtras = Pick<MigrationHookContext, 'changes' | 'durationMs' | 'error'>;

/**
 * The context of a migration hook (`beforeMigrate`, `afterMigrate`, `afterCommit`, `onError`).
 *
 * @example
 * await hook(migrationHookContext(step, 'hook afterMigrate #1', states, { db: trx, inTransaction: true }), step.migration.definition.sector)
 */
export function migrationHookContext(
  step: StepContext,
  hook: string,
  states: StepStates,
  place: HookPlace = {},
  extras: StepExtras = {},
): MigrationHookContext {
  const migration = hookMigration(step.migration);
  return {
    ...runHookContext(step.run, hook, { ...place, migration: migration.name }),
    migration,
    sector: migration.sector,
    direction: step.direction,
    index: step.index,
    count: step.count,
    state: states.of(step),
    ...extras,
  };
}

/**
 * What hooks and packs see of a migration: its declared fields and its file's text.
 *
 * @example
 * hookMigration(loaded).sector // 'sante'
 */
export function hookMigration(migration: LoadedMigration): HookMigration {
  const d = migration.definition;
  return {
    version: migration.version,
    name: migration.name,
    description: d.description,
    kind: migration.kind,
    text: migration.text,
    ...(d.sector ? { sector: d.sector } : {}),
    ...(d.purpose ? { purpose: d.purpose } : {}),
    ...(d.approvedBy ? { approvedBy: d.approvedBy } : {}),
    ...(d.author ? { author: d.author } : {}),
    ...(d.sectorRules ? { sectorRules: d.sectorRules } : {}),
  };
}

/**
 * The error a hook that threw (or aborted) before the commit stops the run with: EXTENSION_FAILED
 * naming the hook (`hook afterMigrate #2`) and the point.
 *
 * @example
 * throw hookFailed('hook beforeMigrate #1', 'beforeMigrate', error)
 */
export function hookFailed(hook: string, point: string, error: unknown): DihyaError<'EXTENSION_FAILED'> {
  if (DihyaError.is(error, 'EXTENSION_FAILED')) return error;
  const reason = error instanceof HookAborted ? `aborted: ${error.message}` : reasonOf(error);
  return new DihyaError('EXTENSION_FAILED', { extension: hook, point, reason }, { cause: error });
}
