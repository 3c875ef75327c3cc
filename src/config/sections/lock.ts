import { z } from 'zod';

/** `lock`: How runs wait for each other. */
export const lockSection = z
  .object({
    /** How long a run waits for another to finish, ms. Default 60000. */
    timeoutMs: z.number().int().min(0).default(60_000),
    /** SQLite lock lease, renewed while the run goes on, ms. Default 30000. */
    leaseMs: z.number().int().min(100).default(30_000),
  })
  .strict()
  .default({ timeoutMs: 60_000, leaseMs: 30_000 });
