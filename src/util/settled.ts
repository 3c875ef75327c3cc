/**
 * What a promise came to: its value, or the reason it failed.
 *
 * @example
 * const outcome: Settled<number> = { ok: false, reason: new Error('no') }
 */
export type Settled<T> = { ok: true; value: T } | { ok: false; reason: unknown };

/**
 * A promise that never rejects (its failure kept for {@link outcomeOf}), so it may be started now
 * and awaited later without an unhandled rejection meanwhile.
 *
 * @example
 * const check = settled(lock.assertHeld(trx))
 * // … other work …
 * await outcomeOf(check) // throws what assertHeld threw
 */
export function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (reason: unknown) => ({ ok: false, reason }),
  );
}

/**
 * The value of a settled promise, or its failure thrown.
 *
 * @example
 * const row = await outcomeOf(settled(history.find(version)))
 */
export async function outcomeOf<T>(promise: Promise<Settled<T>>): Promise<T> {
  const outcome = await promise;
  if (!outcome.ok) throw outcome.reason;
  return outcome.value;
}
