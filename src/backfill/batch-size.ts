/** Below the target, what a batch aims for by default: the margin that keeps noise (another session, a flush, the purge) under the target. */
export const DEFAULT_AIM = 0.4;
/** How much one batch may grow over the last one: slow growth, so a size that is about to get slow is not overshot. */
const GROWTH = 1.5;
/**
 * A batch under half its aim is mostly its transaction's fixed cost (round trips, the COMMIT's
 * flush): its cost per row overstates the next one's, and twice its size stays under the aim.
 */
const SHORT = 0.5;
/** How many recent batches the cost per row is taken from (the slowest of them). */
const WINDOW = 4;

/** The sizer's bounds: the target (a ceiling, ms), the share of it aimed at, and the size limits. */
export interface BatchBounds {
  targetMs: number;
  min: number;
  max: number;
  /** The share of `targetMs` a batch aims for (default {@link DEFAULT_AIM}). */
  aim?: number;
}

/**
 * The next batch size, toward the target duration without overshooting it: the size that would
 * take `aim` (40 % by default) of the target at the slowest cost per row of the last batches (a
 * lucky cheap batch does not grow the next one), growing at most 1.5x per batch (2x after a batch
 * under half the aim, whose time is mostly its transaction's fixed cost), and cut at once
 * as far as needed after a slow one (no halving step by step while each batch holds its locks too
 * long). A batch stopped at its statement ceiling is {@link split}: the next try of its rows takes
 * half as many. Within `[min, max]`; a target of 0 keeps the size.
 *
 * @example
 * const sizer = new BatchSizer(1000, { targetMs: 200, min: 10, max: 50_000 })
 * sizer.record(20) // 2000: short (under half of the 80 ms aimed at), doubled
 * sizer.record(400) // 400: cut at once (80 ms at 0.2 ms per row)
 */
export class BatchSizer {
  #size: number;
  readonly #bounds: BatchBounds;
  readonly #costs: number[] = [];

  constructor(first: number, bounds: BatchBounds) {
    this.#size = first;
    this.#bounds = bounds;
  }

  get size(): number {
    return this.#size;
  }

  /** The batch of the current size took `tookMs`: returns the next size. */
  record(tookMs: number): number {
    const { targetMs, aim = DEFAULT_AIM } = this.#bounds;
    if (tookMs >= targetMs * aim * SHORT) this.#remember(Math.max(1, tookMs) / this.#size);
    const msPerRow = this.#costs.length > 0 ? Math.max(...this.#costs) : undefined;
    this.#size = nextBatchSize(this.#size, { ...this.#bounds, tookMs, ...(msPerRow === undefined ? {} : { msPerRow }) });
    return this.#size;
  }

  /**
   * The batch of the current size was stopped after `stoppedMs` without finishing (it hit the
   * statement ceiling): its cost per row is at least that, and its rows are tried again in half
   * as many. False when the size is already the minimum (it cannot be split further).
   */
  split(stoppedMs: number): boolean {
    if (this.#size <= this.#bounds.min) return false;
    this.#remember(Math.max(1, stoppedMs) / this.#size);
    this.#size = Math.max(this.#bounds.min, Math.floor(this.#size / 2));
    return true;
  }

  #remember(msPerRow: number): void {
    this.#costs.push(msPerRow);
    if (this.#costs.length > WINDOW) this.#costs.shift();
  }
}

/**
 * One step of {@link BatchSizer}: the next size after a batch of `size` rows took `tookMs`, at
 * `msPerRow` (the recent batches' slowest cost per row; that batch's own counts too unless it
 * was short). A short batch (under half the aim) doubles, unless the recent cost says less.
 *
 * @example
 * nextBatchSize(1000, { tookMs: 100, targetMs: 500, min: 10, max: 50_000 }) // 2000 (short: doubled)
 * nextBatchSize(1000, { tookMs: 150, targetMs: 500, min: 10, max: 50_000 }) // 1333
 * nextBatchSize(1000, { tookMs: 2000, targetMs: 500, min: 10, max: 50_000 }) // 100 (cut at once)
 */
export function nextBatchSize(size: number, batch: BatchBounds & { tookMs: number; msPerRow?: number }): number {
  if (batch.targetMs <= 0) return size;
  const aimMs = batch.targetMs * (batch.aim ?? DEFAULT_AIM);
  const short = batch.tookMs < aimMs * SHORT;
  const msPerRow = short ? (batch.msPerRow ?? 0) : Math.max(batch.msPerRow ?? 0, Math.max(1, batch.tookMs) / size);
  const fitting = msPerRow > 0 ? Math.floor(aimMs / msPerRow) : Number.POSITIVE_INFINITY;
  const grown = Math.floor(size * (short ? 2 : GROWTH));
  return Math.min(batch.max, Math.max(batch.min, Math.min(grown, fitting)));
}
