import { z } from 'zod';

/** `postgres` when the config does not set it. */
export const POSTGRES_DEFAULTS = { lockTimeoutMs: 5_000, lockRetries: 5 };

/** `postgres`: PostgreSQL-only settings. */
export function postgresSection() {
  return z
    .object({
      /** lock_timeout set inside each migration's transaction, ms. Default 5000. */
      lockTimeoutMs: z.number().int().min(1).default(5_000),
      /** Retries after a lock_timeout, with growing waits. Default 5. */
      lockRetries: z.number().int().min(0).max(100).default(5),
    })
    .strict()
    .default(POSTGRES_DEFAULTS);
}
