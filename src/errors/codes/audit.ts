import { runtime } from '../error-text.ts';

/** Errors of the audit log. */
export const auditErrors = {
  AUDIT_BROKEN: runtime<{ file: string; seq: number; reason: string }>(
    (d) => `The audit log ${d.file} and its database mirror disagree at entry ${d.seq}: ${d.reason}`,
    () => 'Run `dihya-migrate audit verify` to see every problem. Move the damaged file aside to rebuild it from the mirror.',
  ),
  AUDIT_TAMPERED: runtime<{ seq: number; fileLine?: number; file: string; reason: string; more: number }>(
    (d) =>
      `Audit verification failed: entry ${d.seq}${d.fileLine ? ` (line ${d.fileLine} of ${d.file})` : ''} ${d.reason}${Number(d.more) > 0 ? ` (and ${d.more} more problem(s))` : ''}`,
    () => 'The audit log was changed outside dihya-migrate. Compare it with the database mirror table and your copies.',
  ),
};
