import { DihyaError } from '../errors/dihya-error.ts';
import { sleep } from '../util/sleep.ts';

/**
 * Calls `take` every 200 ms until it returns true, or until `timeoutMs` has passed: then asks
 * `describeHolder` who has the lock and throws LOCK_HELD with it and the time waited.
 *
 * @example
 * await pollForLock(() => tryAdvisoryLock(client), 10_000, () => describeHolder(client))
 */
export async function pollForLock(take: () => Promise<boolean>, timeoutMs: number, describeHolder: () => Promise<string>): Promise<void> {
  const started = Date.now();
  while (!(await take())) {
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new DihyaError('LOCK_HELD', { holder: await describeHolder(), waitedMs: waited });
    await sleep(Math.min(200, timeoutMs - waited));
  }
}
