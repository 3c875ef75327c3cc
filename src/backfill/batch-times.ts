/** One batch's times, ms: how long it held its row locks (its UPDATE sent to its COMMIT acknowledged) and its whole transaction (BEGIN to COMMIT). */
export interface BatchTime {
  lockMs: number;
  transactionMs: number;
}

/**
 * The durations of a run's batches, for its result: the longest lock hold and transaction, the
 * 99th percentile of the lock holds, how many went over the target, how many were stopped at
 * the statement ceiling (a stopped try held its locks until its rollback: it counts like a batch).
 *
 * @example
 * const times = new BatchTimes()
 * times.committed({ lockMs: 80, transactionMs: 95 })
 * times.summary(200) // { longestBatchMs: 80, longestTransactionMs: 95, p99BatchMs: 80, batchesOverTarget: 0, batchesSplit: 0 }
 */
export class BatchTimes {
  readonly #lockMs: number[] = [];
  #longestTransactionMs = 0;
  #split = 0;

  committed(time: BatchTime): void {
    this.#lockMs.push(time.lockMs);
    this.#longestTransactionMs = Math.max(this.#longestTransactionMs, time.transactionMs);
  }

  /** A try stopped at the statement ceiling and rolled back. */
  stopped(time: BatchTime): void {
    this.committed(time);
    this.#split++;
  }

  /** The figures for the run's result (`targetMs` 0: a fixed size, nothing counted as over it). */
  summary(targetMs: number): {
    longestBatchMs: number;
    longestTransactionMs: number;
    p99BatchMs: number;
    batchesOverTarget: number;
    batchesSplit: number;
  } {
    const sorted = [...this.#lockMs].sort((a, b) => a - b);
    const p99 = sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
    return {
      longestBatchMs: Math.round(sorted.at(-1) ?? 0),
      longestTransactionMs: Math.round(this.#longestTransactionMs),
      p99BatchMs: Math.round(p99),
      batchesOverTarget: targetMs > 0 ? sorted.filter((ms) => ms > targetMs).length : 0,
      batchesSplit: this.#split,
    };
  }
}
