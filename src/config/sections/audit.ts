import { z } from 'zod';
import { identifier } from './identifier.ts';

/** `audit` when the config does not set it. */
export const AUDIT_DEFAULTS = { table: 'dihya_audit' };

/** `audit`: The tamper-evident audit log. */
export function auditSection() {
  return z
    .object({
      /** Database table mirroring the audit log. Default `dihya_audit`. */
      table: identifier().default('dihya_audit'),
    })
    .strict()
    .default(AUDIT_DEFAULTS);
}
