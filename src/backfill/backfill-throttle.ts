import { existsSync } from 'node:fs';
import type { ServerLoad } from '../database/backfill-sql.ts';
import { sleep } from '../util/sleep.ts';
import type { BackfillThrottle } from './backfill-options.ts';
import { isPausedBySignal } from './pause-signal.ts';

/** Why a backfill is paused. */
export type PauseReason = 'signal' | 'pause-file' | 'replica-lag' | 'threads-running' | 'predicate';

/** How often a pause asked for on this machine (signal, pause file) is looked at again while paused, at most, ms. */
const LOCAL_RECHECK_MS = 200;

/** What the throttle asks and tells. */
export interface ThrottleEnvironment {
  /** The server's load now. */
  serverLoad(): Promise<ServerLoad>;
  /** While this file exists, every backfill pauses (`touch .dihya/backfill.pause`; remove it to go on). */
  pauseFile: string;
  onPause(reason: PauseReason): Promise<void> | void;
  onUnpause(reason: PauseReason, pausedMs: number): Promise<void> | void;
  /** Called while paused, between checks (the lock, a deadline…); may throw to stop. */
  whilePaused?(): Promise<void> | void;
}

/**
 * Decides, between batches, whether a backfill must wait: while a SIGUSR2 asked it (until the
 * next one), while the pause file exists, while
 * `pauseWhile()` says so, or while the server is loaded beyond a limit (PostgreSQL replica lag,
 * MariaDB Threads_running). The server is asked at most every `checkEveryMs`; a pause sleeps that
 * long between checks and never loses progress (the batches before it are committed).
 *
 * @example
 * const throttle = new Throttle({ maxReplicaLagMs: 2000, checkEveryMs: 1000 }, env)
 * await throttle.wait() // returns at once, or once the reason to pause is gone
 */
export class Throttle {
  readonly #options: BackfillThrottle & { checkEveryMs: number };
  readonly #env: ThrottleEnvironment;
  #lastCheck = 0;

  constructor(options: BackfillThrottle & { checkEveryMs: number }, env: ThrottleEnvironment) {
    this.#options = options;
    this.#env = env;
  }

  /** Waits while there is a reason to pause; returns how long it waited, ms. */
  async wait(): Promise<number> {
    let reason = await this.#find();
    if (reason === undefined) return 0;
    const pausedAt = performance.now();
    let last = reason;
    await this.#env.onPause(reason);
    while (reason !== undefined) {
      const local = reason === 'signal' || reason === 'pause-file';
      await sleep(local ? Math.min(LOCAL_RECHECK_MS, this.#options.checkEveryMs) : this.#options.checkEveryMs);
      await this.#env.whilePaused?.();
      if (!local) this.#lastCheck = 0;
      reason = await this.#find();
      if (reason !== undefined) last = reason;
    }
    const pausedMs = Math.round(performance.now() - pausedAt);
    await this.#env.onUnpause(last, pausedMs);
    return pausedMs;
  }

  async #find(): Promise<PauseReason | undefined> {
    if (isPausedBySignal()) return 'signal';
    if (existsSync(this.#env.pauseFile)) return 'pause-file';
    const { maxReplicaLagMs, maxThreadsRunning, pauseWhile, checkEveryMs } = this.#options;
    if (maxReplicaLagMs === undefined && maxThreadsRunning === undefined && pauseWhile === undefined) return undefined;
    if (performance.now() - this.#lastCheck < checkEveryMs) return undefined;
    this.#lastCheck = performance.now();
    if (pauseWhile && (await pauseWhile())) return 'predicate';
    if (maxReplicaLagMs === undefined && maxThreadsRunning === undefined) return undefined;
    const load = await this.#env.serverLoad();
    if (maxReplicaLagMs !== undefined && (load.replicaLagMs ?? 0) > maxReplicaLagMs) return 'replica-lag';
    if (maxThreadsRunning !== undefined && (load.threadsRunning ?? 0) > maxThreadsRunning) return 'threads-running';
    return undefined;
  }
}
