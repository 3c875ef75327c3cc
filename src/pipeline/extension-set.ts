import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
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
import type { ExtensionPoint, RunExtension } from './run-extension.ts';

/** An extension that failed at a point where failures cannot change the run. */
export interface ExtensionFailure {
  extension: string;
  point: ExtensionPoint;
  reason: string;
}

/**
 * The extensions of a run, called in registration order at each point. At points before the
 * commit (prepare, beforeAll, beforeStep, inTransaction, afterRestore) the first failure stops
 * and is thrown as EXTENSION_FAILED naming the extension and the point; at points after it
 * (afterCommit, onFailure, afterAll, afterCommand) every extension runs and failures are returned, never thrown.
 *
 * @example
 * const set = new ExtensionSet([metrics, hooks])
 * await set.beforeStep(step)                 // throws EXTENSION_FAILED on the first failure
 * const failures = await set.afterCommit(c)  // [] or what failed, the run goes on
 */
export class ExtensionSet {
  readonly #extensions: RunExtension[];

  constructor(extensions: RunExtension[] = []) {
    this.#extensions = [...extensions];
  }

  /** Adds an extension after those already there. */
  add(extension: RunExtension): void {
    this.#extensions.push(extension);
  }

  get names(): string[] {
    return this.#extensions.map((e) => e.name);
  }

  prepare(context: PrepareContext): Promise<void> {
    return this.#stopping('prepare', (e) => e.prepare?.(context));
  }
  beforeAll(run: RunContext): Promise<void> {
    return this.#stopping('beforeAll', (e) => e.beforeAll?.(run));
  }
  beforeStep(step: StepContext): Promise<void> {
    return this.#stopping('beforeStep', (e) => e.beforeStep?.(step));
  }
  inTransaction(step: StepContext, transaction: StepTransaction): Promise<void> {
    return this.#stopping('inTransaction', (e) => e.inTransaction?.(step, transaction));
  }
  afterRestore(restore: RestoreContext): Promise<void> {
    return this.#stopping('afterRestore', (e) => e.afterRestore?.(restore));
  }
  afterCommit(step: CommittedStep): Promise<ExtensionFailure[]> {
    return this.#isolated('afterCommit', (e) => e.afterCommit?.(step));
  }
  onFailure(step: FailedStep): Promise<ExtensionFailure[]> {
    return this.#isolated('onFailure', (e) => e.onFailure?.(step));
  }
  afterAll(run: RunContext, summary: RunSummary): Promise<ExtensionFailure[]> {
    return this.#isolated('afterAll', (e) => e.afterAll?.(run, summary));
  }
  afterCommand(command: CommandRecord): Promise<ExtensionFailure[]> {
    return this.#isolated('afterCommand', (e) => e.afterCommand?.(command));
  }

  async #stopping(point: ExtensionPoint, call: (e: RunExtension) => Promise<void> | void | undefined): Promise<void> {
    for (const extension of this.#extensions) {
      if (extension[point] === undefined) continue;
      try {
        await call(extension);
      } catch (error) {
        if (error instanceof DihyaError && error.code === 'EXTENSION_FAILED') throw error;
        // Before the run, an extension that finds bad input (a personal value in a file, a lint error) says so with its own code (exit 2).
        if (point === 'prepare' && error instanceof DihyaError && error.exitCode === 2) throw error;
        throw new DihyaError('EXTENSION_FAILED', { extension: extension.name, point, reason: reasonOf(error) }, { cause: error });
      }
    }
  }

  async #isolated(point: ExtensionPoint, call: (e: RunExtension) => Promise<void> | void | undefined): Promise<ExtensionFailure[]> {
    const failures: ExtensionFailure[] = [];
    for (const extension of this.#extensions) {
      if (extension[point] === undefined) continue;
      try {
        await call(extension);
      } catch (error) {
        failures.push({ extension: extension.name, point, reason: reasonOf(error) });
      }
    }
    return failures;
  }
}
