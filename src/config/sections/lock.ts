import { z } from 'zod';

/** `lock` when the config does not set it. */
export const LOCK_DEFAULTS = { timeoutMs: 60_000, leaseMs: 30_000 };

/** `lock`: How runs wait for each other. */
export function lockSection() {
  return z
    .object({
      /** How long a run waits for another to finish, ms. Default 60000. */
      timeoutMs: z.number().int().min(0).default(60_000),
      /** SQLite lock lease, renewed while the run goes on, ms. Default 30000. */
      leaseMs: z.number().int().min(100).default(30_000),
    })
    .strict()
    .default(LOCK_DEFAULTS);
}
