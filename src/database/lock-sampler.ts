import type { Target } from './target.ts';

/** A table lock seen while a statement ran: which table, which mode, for how long it was seen held (or waited for). */
export interface SampledLock {
  table: string;
  /** The server's name of the lock mode, e.g. `AccessExclusiveLock`. */
  mode: string;
  /** False when the session was waiting for it. */
  granted: boolean;
  /** From the first to the last sample that saw it, plus one interval; at least one interval. */
  heldMs: number;
}

/** Samples the locks the other sessions of a database hold; `stop()` returns what it saw. */
export interface LockSampler {
  stop(): Promise<SampledLock[]>;
}

/**
 * Starts sampling, every `intervalMs`, the table locks held in the target's database by other
 * sessions than the sampler's own (PostgreSQL: `pg_locks`), leaving out the tables named in
 * `ignore`. Undefined on dialects without such a view (SQLite, MariaDB).
 *
 * @example
 * const sampler = await startLockSampler(target, 20, ['dihya_migrations'])
 * await migrate()
 * console.log(await sampler?.stop()) // [{ table: 'orders', mode: 'AccessExclusiveLock', granted: true, heldMs: 140 }]
 */
export async function startLockSampler(target: Target, intervalMs: number, ignore: string[] = []): Promise<LockSampler | undefined> {
  switch (target.dialect) {
    case 'postgres':
      return (await import('./dialects/postgres/pg-lock-sampler.ts')).startPgLockSampler(target.spec.url, intervalMs, ignore);
    default:
      return undefined; // no lock view to sample (SQLite, MariaDB)
  }
}
