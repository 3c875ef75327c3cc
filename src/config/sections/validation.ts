import { z } from 'zod';

/** `validation`: Checks after each migration. */
export const validationSection = z
  .object({
    /** Fail a migration that removes rows from a table unless its `checks.allowRowLoss` names it. Default true. */
    rowLoss: z.boolean().default(true),
    /** Fail a migration that leaves foreign-key orphans on the tables it touched. Default true. */
    foreignKeys: z.boolean().default(true),
  })
  .strict()
  .default({ rowLoss: true, foreignKeys: true });
