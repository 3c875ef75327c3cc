import { z } from 'zod';

/** `lint`: The migration lint (`dihya-migrate lint`, also run by `plan` and before `up`). */
export const lintSection = z
  .object({
    /** Before `up`: `error` refuses the run on an error-level finding (LINT_BLOCKED), `warn` shows the findings, `off` skips lint. Default `warn`. */
    onUp: z.enum(['error', 'warn', 'off']).default('warn'),
    /** PostgreSQL: `pg-index-not-concurrent` fires on tables with at least this many rows. Default 10000. */
    indexRowThreshold: z.number().int().min(0).default(10_000),
  })
  .strict()
  .default({ onUp: 'warn', indexRowThreshold: 10_000 });
