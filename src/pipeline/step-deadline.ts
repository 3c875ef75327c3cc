import type { Target } from '../database/target.ts';
import type { MigrationDefinition } from '../migrations/define-migration.ts';
import type { RunContext } from './run-context.ts';

/** Thrown when a step outlives its deadline. */
export class DeadlineReached extends Error {
  readonly limitMs: number;
  readonly scope: 'migration' | 'run';
  constructor(limitMs: number, scope: 'migration' | 'run') {
    super(scope === 'run' ? `the run reached its deadline of ${limitMs} ms (timeouts.runMs)` : `it ran longer than its deadline of ${limitMs} ms`);
    this.limitMs = limitMs;
    this.scope = scope;
  }
}

/** When a step must be done: in `ms` from now, and whether the migration's or the run's limit decides. */
export interface StepDeadline {
  ms: number;
  limitMs: number;
  scope: 'migration' | 'run';
}

/**
 * The deadline of a step: the migration's own `timeoutMs`, else `timeouts.migrationMs`, and no
 * later than what is left of `timeouts.runMs`. Undefined when neither limit is set (0).
 *
 * @example
 * stepDeadline(run, { timeoutMs: 30_000, ... }) // { ms: 30000, limitMs: 30000, scope: 'migration' }
 */
export function stepDeadline(run: Pick<RunContext, 'config' | 'startedAt'>, definition: Pick<MigrationDefinition, 'timeoutMs'>): StepDeadline | undefined {
  const own = definition.timeoutMs ?? run.config.timeouts.migrationMs;
  const runLimit = run.config.timeouts.runMs;
  const runLeft = runLimit > 0 ? Math.max(0, run.startedAt + runLimit - Date.now()) : Number.POSITIVE_INFINITY;
  const migrationLeft = own > 0 ? own : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(runLeft) && !Number.isFinite(migrationLeft)) return undefined;
  return migrationLeft <= runLeft ? { ms: migrationLeft, limitMs: own, scope: 'migration' } : { ms: runLeft, limitMs: runLimit, scope: 'run' };
}

/**
 * Runs `work`; if it is not done by the deadline, stops what it has in flight on the target
 * (Target.abandonInFlight: the server ends its sessions and rolls their transactions back) and
 * throws DeadlineReached. The abandoned work may still settle later: its outcome is ignored.
 *
 * @example
 * await withDeadline(stepDeadline(run, definition), target, () => runTheStep())
 */
export async function withDeadline<T>(deadline: StepDeadline | undefined, target: Target, work: () => Promise<T>): Promise<T> {
  if (!deadline) return work();
  let timer: NodeJS.Timeout | undefined;
  const running = work();
  const expired = new Promise<never>((_, reject) => {
    // setTimeout takes at most 2^31-1 ms; a longer deadline is as good as none for a run.
    timer = setTimeout(() => reject(new DeadlineReached(deadline.limitMs, deadline.scope)), Math.min(deadline.ms, 2 ** 31 - 1));
  });
  try {
    return await Promise.race([running, expired]);
  } catch (error) {
    if (error instanceof DeadlineReached) {
      running.catch(() => undefined);
      await target.abandonInFlight(error.message);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
