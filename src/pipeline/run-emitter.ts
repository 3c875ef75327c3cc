import { reasonOf } from '../errors/dihya-error.ts';
import type { RunEvent, RunEventListener } from './run-events.ts';

/** A listener that threw or rejected: which event it was handling and why. */
export interface ListenerFailure {
  event: RunEvent['type'];
  reason: string;
}

/**
 * Delivers run events to listeners, each isolated: a listener that throws (or whose promise
 * rejects) is recorded in `failures` and the next listener still runs. Emitting never throws, so
 * a listener can never fail or corrupt a step, before or after its commit.
 *
 * @example
 * const emitter = new RunEmitter()
 * emitter.on((e) => console.log(e.type))
 * emitter.emit({ type: 'lock-released' })
 * emitter.takeFailures() // [] when every listener was fine
 */
export class RunEmitter {
  readonly #listeners: RunEventListener[] = [];
  #failures: ListenerFailure[] = [];
  /** Called with every failure as it happens (the run log). */
  onFailure: ((failure: ListenerFailure) => void) | undefined;

  on(listener: RunEventListener): void {
    this.#listeners.push(listener);
  }

  /** Sends `event` to every listener; never throws. */
  readonly emit = (event: RunEvent): void => {
    for (const listener of this.#listeners) {
      try {
        const result = listener(event);
        if (result instanceof Promise) result.catch((error: unknown) => this.#record(event, error));
      } catch (error) {
        this.#record(event, error);
      }
    }
  };

  /** The failures recorded since the last call, oldest first. */
  takeFailures(): ListenerFailure[] {
    const failures = this.#failures;
    this.#failures = [];
    return failures;
  }

  #record(event: RunEvent, error: unknown): void {
    const failure = { event: event.type, reason: reasonOf(error) };
    this.#failures.push(failure);
    try {
      this.onFailure?.(failure);
    } catch {
      // the failure is kept in `failures`; reporting it must not throw either
    }
  }
}
