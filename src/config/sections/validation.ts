import { z } from 'zod';

/** `validation` when the config does not set it. */
export const VALIDATION_DEFAULTS = { rowLoss: true, foreignKeys: true };

/** `validation`: Checks after each migration. */
export function validationSection() {
  return z
    .object({
      /** Fail a migration that removes rows from a table unless its `checks.allowRowLoss` names it. Default true. */
      rowLoss: z.boolean().default(true),
      /** Fail a migration that leaves foreign-key orphans on the tables it touched. Default true. */
      foreignKeys: z.boolean().default(true),
    })
    .strict()
    .default(VALIDATION_DEFAULTS);
}
