import { z } from 'zod';

/** `timeouts` when the config does not set it. */
export const TIMEOUTS_DEFAULTS = { migrationMs: 3_600_000, runMs: 21_600_000 };

/**
 * `timeouts`: no run without a deadline. A migration that runs longer than its deadline (its own
 * `timeoutMs`, else `migrationMs`) is stopped: its server session is ended, the server rolls it
 * back (or its backups are restored where it could not), and the run fails with MIGRATION_TIMEOUT.
 * The whole run stops the same way after `runMs`. 0 means no deadline.
 */
export function timeoutsSection() {
  return z
    .object({
      /** Longest one migration may run, ms. Default 3,600,000 (1 hour). */
      migrationMs: z.number().int().min(0).default(3_600_000),
      /** Longest a whole run may take, ms. Default 21,600,000 (6 hours). */
      runMs: z.number().int().min(0).default(21_600_000),
    })
    .strict()
    .default(TIMEOUTS_DEFAULTS);
}
