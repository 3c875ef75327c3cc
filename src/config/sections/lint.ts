import { z } from 'zod';

/** `lint` when the config does not set it. */
export const LINT_DEFAULTS = { onUp: 'warn', indexRowThreshold: 10_000 } as const;

/** `lint`: The migration lint (`dihya-migrate lint`, also run by `plan` and before `up`). */
export function lintSection() {
  return z
    .object({
      /** Before `up`: `error` refuses the run on an error-level finding (LINT_BLOCKED), `warn` shows the findings, `off` skips lint. Default `warn`. */
      onUp: z.enum(['error', 'warn', 'off']).default('warn'),
      /** PostgreSQL: `pg-index-not-concurrent` fires on tables with at least this many rows. Default 10000. */
      indexRowThreshold: z.number().int().min(0).default(10_000),
    })
    .strict()
    .default(LINT_DEFAULTS);
}
