import { z } from 'zod';
import { identifier } from './identifier.ts';

/** `audit`: The tamper-evident audit log. */
export const auditSection = z
  .object({
    /** Database table mirroring the audit log. Default `dihya_audit`. */
    table: identifier.default('dihya_audit'),
  })
  .strict()
  .default({ table: 'dihya_audit' });
