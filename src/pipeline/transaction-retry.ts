import type { Kysely } from 'kysely';
import type { Target } from '../database/target.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { sleep } from '../util/sleep.ts';
import type { RunEvent } from './run-events.ts';

/** Where and how long to retry a transaction that timed out waiting for a table lock. */
export interface RetryOptions {
  target: Target;
  /** PostgreSQL `lock_timeout` set inside the transaction, ms. */
  lockTimeoutMs: number;
  /** Retries after a lock timeout (the whole transaction again). */
  lockRetries: number;
  /** Named in the error once retries are exhausted (a migration's name, or `the run`). */
  name: string;
  /** The migration's version in retry events ('' for a whole run). */
  version: string;
  /** Instead of the lock_timeout SET, how the transaction starts (it must set the lock wait limit itself). */
  start?: (trx: Kysely<any>) => Promise<void>;
  /** Told about each retry. */
  onRetry?: (event: Extract<RunEvent, { type: 'migration-retry' }>) => void;
}

/**
 * Runs `work` in one transaction; where the dialect has a lock wait limit (PostgreSQL
 * lock_timeout) it is set inside the transaction, and a lock timeout is retried with growing
 * waits, up to `lockRetries` times, then LOCK_TIMEOUT_EXHAUSTED.
 *
 * @example
 * await inTransactionWithRetry({ target, lockTimeoutMs: 5000, lockRetries: 5, name: 'the run', version: '' }, (trx) => work(trx))
 */
export async function inTransactionWithRetry(options: RetryOptions, work: (trx: Kysely<any>) => Promise<void>): Promise<void> {
  const { target } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      await target.db.transaction().execute(async (trx) => {
        if (options.start) await options.start(trx);
        else if (target.capabilities.lockTimeoutRetry) await target.setLockTimeout(trx, options.lockTimeoutMs);
        await work(trx);
      });
      return;
    } catch (error) {
      if (!target.isLockTimeout(error)) throw error;
      if (attempt > options.lockRetries) {
        throw new DihyaError('LOCK_TIMEOUT_EXHAUSTED', { name: options.name, attempts: attempt }, { cause: error });
      }
      const delayMs = Math.min(10_000, 250 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 250);
      options.onRetry?.({ type: 'migration-retry', version: options.version, name: options.name, attempt, delayMs, reason: reasonOf(error) });
      await sleep(delayMs);
    }
  }
}
