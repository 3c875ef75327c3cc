import type {
  CommandRecord,
  CommittedStep,
  FailedStep,
  PrepareContext,
  RestoreContext,
  RunContext,
  RunSummary,
  StepContext,
  StepTransaction,
} from './run-context.ts';
import type { RunEvent } from './run-events.ts';

/**
 * A capability that attaches to the run at named points, instead of being threaded through the
 * runner. Business hooks, sector packs, metrics and alerts, rehearsal receipts and the privacy
 * ledger are extensions. Points, in the order a run meets them:
 *
 * | point           | when                                                         | a throw…                              |
 * |-----------------|--------------------------------------------------------------|---------------------------------------|
 * | `prepare`       | before the lock, every file loaded                           | refuses the run, nothing changed      |
 * | `beforeAll`     | under the lock, own tables upgraded, before the run's backup | fails the run, nothing changed        |
 * | `beforeStep`    | before each step's transaction                               | fails the step (nothing of it ran)    |
 * | `inTransaction` | in the step's transaction, after validation, before history  | fails the step: rollback or restore   |
 * | `afterCommit`   | once the step committed                                      | is reported and audited; run goes on  |
 * | `onFailure`     | once a failed step was rolled back or restored               | is reported and audited               |
 * | `afterRestore`  | after any restore, before the command reports success        | fails the command (restore kept)      |
 * | `afterAll`      | at the end of the run, success or not, still under the lock  | is reported and audited               |
 * | `afterCommand`  | after every CLI command, run or read-only, lock released     | is reported in the run log            |
 *
 * `onEvent` receives every run event (see `Migrator.onEvent`), isolated like event listeners.
 *
 * @example
 * const timing: RunExtension = {
 *   name: 'timing',
 *   afterCommit: async (step) => console.log(step.migration.name, step.durationMs),
 * }
 */
export interface RunExtension {
  /** Named in errors and audit entries (`hook beforeMigrate #2`, `sector sante`, `metrics`). */
  readonly name: string;
  prepare?(context: PrepareContext): Promise<void> | void;
  beforeAll?(run: RunContext): Promise<void> | void;
  beforeStep?(step: StepContext): Promise<void> | void;
  inTransaction?(step: StepContext, transaction: StepTransaction): Promise<void> | void;
  afterCommit?(step: CommittedStep): Promise<void> | void;
  onFailure?(step: FailedStep): Promise<void> | void;
  afterRestore?(restore: RestoreContext): Promise<void> | void;
  afterAll?(run: RunContext, summary: RunSummary): Promise<void> | void;
  afterCommand?(command: CommandRecord): Promise<void> | void;
  onEvent?(event: RunEvent): Promise<void> | void;
}

/** The extension points, in run order. */
export type ExtensionPoint = Exclude<keyof RunExtension, 'name'>;
