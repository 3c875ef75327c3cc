/** Below the target, what a batch aims for: the margin that keeps noise (another session, a flush) under the target. */
const AIM = 0.6;
/** How many recent batches the cost per row is taken from (the slowest of them). */
const WINDOW = 4;

/**
 * The next batch size, toward the target duration without overshooting it: the size that would
 * take `AIM` (60 %) of the target at the slowest cost per row of the last batches (a lucky cheap
 * batch does not grow the next one past the target), growing at most 2x per batch, and cut at once
 * as far as needed after a slow one (no halving step by step while each batch holds its locks too
 * long). Within `[min, max]`; a target of 0 keeps the size.
 *
 * @example
 * const sizer = new BatchSizer(1000, { targetMs: 200, min: 10, max: 50_000 })
 * sizer.record(40) // 2000: growth capped at 2x
 * sizer.record(400) // 600: cut at once (120 ms at 0.2 ms per row)
 */
export class BatchSizer {
  #size: number;
  readonly #bounds: { targetMs: number; min: number; max: number };
  readonly #costs: number[] = [];

  constructor(first: number, bounds: { targetMs: number; min: number; max: number }) {
    this.#size = first;
    this.#bounds = bounds;
  }

  get size(): number {
    return this.#size;
  }

  /** The batch of the current size took `tookMs`: returns the next size. */
  record(tookMs: number): number {
    this.#costs.push(Math.max(1, tookMs) / this.#size);
    if (this.#costs.length > WINDOW) this.#costs.shift();
    this.#size = nextBatchSize(this.#size, { ...this.#bounds, tookMs, msPerRow: Math.max(...this.#costs) });
    return this.#size;
  }
}

/**
 * One step of {@link BatchSizer}: the next size after a batch of `size` rows took `tookMs`, at
 * `msPerRow` (default: that batch's own cost per row).
 *
 * @example
 * nextBatchSize(1000, { tookMs: 100, targetMs: 500, min: 10, max: 50_000 }) // 2000 (growth capped)
 * nextBatchSize(1000, { tookMs: 300, targetMs: 500, min: 10, max: 50_000 }) // 1000
 * nextBatchSize(1000, { tookMs: 2000, targetMs: 500, min: 10, max: 50_000 }) // 150 (cut at once)
 */
export function nextBatchSize(size: number, batch: { tookMs: number; targetMs: number; min: number; max: number; msPerRow?: number }): number {
  if (batch.targetMs <= 0) return size;
  const msPerRow = Math.max(batch.msPerRow ?? 0, Math.max(1, batch.tookMs) / size);
  const fitting = Math.floor((batch.targetMs * AIM) / msPerRow);
  return Math.min(batch.max, Math.max(batch.min, Math.min(size * 2, fitting)));
}
