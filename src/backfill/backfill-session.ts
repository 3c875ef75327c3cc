import { CheckpointStore } from './backfill-checkpoints.ts';
import type { BackfillEnvironment } from './backfill-environment.ts';
import { resolveBackfillOptions, type BackfillOptions } from './backfill-options.ts';
import { runBackfill, type BackfillResult } from './run-backfill.ts';

/**
 * The backfills of one migration step: gives each call its label (the table, `table#2` for a
 * second backfill of it, or the label given), clears old checkpoints on a fresh start (a
 * migration applied, reverted and applied again walks its table again), and keeps what each
 * call did. `backfill` is what the migration's context exposes.
 *
 * @example
 * const session = new BackfillSession(environment)
 * await session.backfill({ table: 'accounts', set: { n: sql`n + 1` } })
 * session.results // [{ label: 'accounts', rowsDone: 5000, … }]
 */
export class BackfillSession {
  readonly results: BackfillResult[] = [];
  readonly #env: BackfillEnvironment;
  readonly #perTable = new Map<string, number>();
  #started = false;
  /** The label of the backfill in progress (for a failure report). */
  current: string | undefined;

  constructor(env: BackfillEnvironment) {
    this.#env = env;
  }

  /** Rows changed in all by this step's backfills so far (those cut short included, from their checkpoints). */
  get rowsDone(): number {
    return this.results.reduce((sum, r) => sum + r.rowsDone, 0);
  }

  backfill = async (options: BackfillOptions): Promise<BackfillResult> => {
    const resolved = resolveBackfillOptions(options, this.#env.name);
    const n = (this.#perTable.get(resolved.table) ?? 0) + 1;
    this.#perTable.set(resolved.table, n);
    const label = resolved.label ?? (n === 1 ? resolved.table : `${resolved.table}#${n}`);
    if (!this.#started) {
      this.#started = true;
      if (!this.#env.resuming) await new CheckpointStore(this.#env.checkpointsTable).clear(this.#env.target.db, this.#env.version, this.#env.direction);
    }
    this.current = label;
    const result = await runBackfill(this.#env, resolved, label);
    this.current = undefined;
    this.results.push(result);
    return result;
  };
}
