/**
 * Awaits two promises run side by side and returns both values; when either rejects, waits for
 * the other to settle too (nothing is left running on a shared connection), then throws the first
 * failure.
 *
 * @example
 * const [counts] = await bothSettled(countRows(db), runTool(dump))
 */
export async function bothSettled<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'rejected') throw ra.reason;
  if (rb.status === 'rejected') throw rb.reason;
  return [ra.value, rb.value];
}
