/** Reads the key `size` rows after `from` (null: fewer are left). */
export type UpperKeyRead = (from: unknown[] | null, size: number) => Promise<unknown[] | null>;

/**
 * The upper keys of a walk's batches, the next one read ahead while the current batch runs: its
 * key read (outside any transaction, it locks nothing) leaves the path from one batch to the
 * next. A key read ahead is used only for the batch it was read for (the same `from`) and only
 * if it covers no more rows than the sizer now wants (after a slow batch it is read again, at
 * the smaller size). Any key after `from` bounds a valid batch, so an early read changes only
 * how many rows the batch has, never which batch a row belongs to.
 *
 * @example
 * const keys = new UpperKeys((from, size) => upperKey(db, { table, key, dialectSql, from, size }))
 * const upper = await keys.next(null, 1000)
 * keys.prefetch(upper, 1500) // while the batch (null, upper] runs
 */
export class UpperKeys {
  readonly #read: UpperKeyRead;
  #ahead: { from: unknown[]; size: number; key: Promise<unknown[] | null> } | undefined;

  constructor(read: UpperKeyRead) {
    this.#read = read;
  }

  /** Starts reading the key `size` rows after `from`, for the batch that will start there. */
  prefetch(from: unknown[], size: number): void {
    const key = this.#read(from, size);
    // Awaited (and its failure thrown) only if the batch uses it.
    key.catch(() => undefined);
    this.#ahead = { from, size, key };
  }

  /** The upper key of the batch starting after `from` with at most `size` rows. */
  async next(from: unknown[] | null, size: number): Promise<unknown[] | null> {
    const ahead = this.#ahead;
    this.#ahead = undefined;
    if (ahead && ahead.from === from && ahead.size <= size) return ahead.key;
    return this.#read(from, size);
  }
}
