import { z } from 'zod';

/** `postgres`: PostgreSQL-only settings. */
export const postgresSection = z
  .object({
    /** lock_timeout set inside each migration's transaction, ms. Default 5000. */
    lockTimeoutMs: z.number().int().min(1).default(5_000),
    /** Retries after a lock_timeout, with growing waits. Default 5. */
    lockRetries: z.number().int().min(0).max(100).default(5),
  })
  .strict()
  .default({ lockTimeoutMs: 5_000, lockRetries: 5 });
