import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { CommittedStep, PrepareContext, RunContext } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { matchingReceipt, receiptsIn, rehearsedDuration, sourceSchemaHash, type RehearsalReceipt } from './receipts.ts';

/**
 * The rehearsal capability on production runs: with `rehearsal.required`, `up` is refused before
 * the lock (REHEARSAL_REQUIRED, exit 2) unless a passing receipt covers exactly the migrations
 * about to run and the current schema; and every committed `up` step slower than
 * `rehearsal.slowerFactor` times its rehearsed duration (and than `rehearsal.minDurationMs`) is
 * reported as an anomaly event (`slower-than-rehearsal`), which monitoring audits and alerts on.
 *
 * @example
 * const extensions = await rehearsalExtensions(config) // [{ name: 'rehearsal', prepare, beforeAll, afterCommit }]
 */
export async function rehearsalExtensions(config: ResolvedConfig): Promise<RunExtension[]> {
  return [new RehearsalGuard(config)];
}

class RehearsalGuard implements RunExtension {
  readonly name = 'rehearsal';
  readonly #config: ResolvedConfig;
  #receipts: RehearsalReceipt[] | undefined;

  constructor(config: ResolvedConfig) {
    this.#config = config;
  }

  async prepare(context: PrepareContext): Promise<void> {
    if (context.command !== 'up' || !this.#config.rehearsal.required || context.migrations.length === 0) return;
    const { deps, migrations } = context;
    const hash = await sourceSchemaHash(deps.target, deps.tables.all);
    const found = matchingReceipt(receiptsIn(deps.safety.audit.entries()), migrations, hash);
    if ('reason' in found) throw new DihyaError('REHEARSAL_REQUIRED', { pending: migrations.map((m) => m.name).join(', '), reason: found.reason });
  }

  beforeAll(run: RunContext): void {
    this.#receipts = run.command === 'up' ? receiptsIn(run.safety.audit.entries()) : undefined;
  }

  afterCommit(step: CommittedStep): void {
    if (step.direction !== 'up' || !this.#receipts) return;
    const { slowerFactor, minDurationMs } = this.#config.rehearsal;
    const rehearsed = rehearsedDuration(this.#receipts, step.migration);
    if (rehearsed === undefined || step.durationMs < minDurationMs || step.durationMs <= rehearsed * slowerFactor) return;
    step.run.emitter.emit({
      type: 'anomaly',
      kind: 'slower-than-rehearsal',
      version: step.migration.version,
      name: step.migration.name,
      detail: `took ${step.durationMs} ms, ${(step.durationMs / Math.max(rehearsed, 1)).toFixed(1)}x its rehearsed ${rehearsed} ms (rehearsal.slowerFactor: ${slowerFactor})`,
    });
  }
}
