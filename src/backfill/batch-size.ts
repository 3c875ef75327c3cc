/**
 * The next batch size, moving toward the target duration: scaled by `targetMs / tookMs`, at most
 * doubling or halving per batch, within `[min, max]`. A target of 0 keeps the size.
 *
 * @example
 * nextBatchSize(1000, { tookMs: 250, targetMs: 500, min: 10, max: 50_000 }) // 2000
 * nextBatchSize(1000, { tookMs: 2000, targetMs: 500, min: 10, max: 50_000 }) // 500
 */
export function nextBatchSize(size: number, batch: { tookMs: number; targetMs: number; min: number; max: number }): number {
  if (batch.targetMs <= 0) return size;
  const scaled = Math.round((size * batch.targetMs) / Math.max(1, batch.tookMs));
  const bounded = Math.min(size * 2, Math.max(Math.ceil(size / 2), scaled));
  return Math.min(batch.max, Math.max(batch.min, bounded));
}
