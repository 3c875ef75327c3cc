import { input, runtime } from '../error-text.ts';

/** Why DIHYA_AUDIT_KEY was refused although long enough. */
export type AuditKeyFlaw = 'empty' | 'spaces' | 'control';

const KEY_FLAWS: Record<AuditKeyFlaw, string> = {
  empty: 'is set but empty',
  spaces: 'starts or ends with a space or a line break',
  control: 'holds a control character (a line break, a tab…)',
};

/** Errors of the audit log. */
export const auditErrors = {
  AUDIT_BROKEN: runtime<{ file: string; seq: number; reason: string }>(
    (d) => `The audit log ${d.file} and its database mirror disagree at entry ${d.seq}: ${d.reason}`,
    () =>
      'Run `dihya-migrate audit verify` to see every problem. Moving the damaged file aside makes the next command rebuild it from the database mirror ' +
      'as the mirror is: do it only once you trust the mirror (compare it with your copies). With DIHYA_AUDIT_KEY set, the rebuild checks the mirror ' +
      'against the key first; without it, a forged mirror would be copied as it is.',
  ),
  AUDIT_TAMPERED: runtime<{ file: string; count: number; problems: string }>(
    (d) => `Audit verification failed, ${d.count} problem(s) in ${d.file} and its database mirror:\n${d.problems}`,
    () => 'The audit log was changed outside dihya-migrate. Compare it with the database mirror table and your copies.',
  ),
  AUDIT_KEY_INVALID: input<{ reason: AuditKeyFlaw }>(
    (d) => `DIHYA_AUDIT_KEY ${KEY_FLAWS[d.reason] ?? 'is not usable'}`,
    () => 'Set DIHYA_AUDIT_KEY to the key from your secret store, as it is (e.g. made once with `openssl rand -hex 32`), or unset it to run without a key.',
  ),
  AUDIT_KEY_TOO_SHORT: input<{ length: number; minimum: number }>(
    (d) => `DIHYA_AUDIT_KEY is ${d.length} characters long; at least ${d.minimum} are needed`,
    () => 'Use a longer random key, e.g. `openssl rand -hex 32`, kept in your secret store (never in the config or the database).',
  ),
  AUDIT_KEY_MISMATCH: input<{ file: string }>(
    (d) => `The audit ${d.file} was sealed with another DIHYA_AUDIT_KEY than the one set`,
    () =>
      'Set DIHYA_AUDIT_KEY to the key this audit was sealed with. If that key is lost, the audit cannot be checked against a key any more: say so in your records.',
  ),
  AUDIT_KEY_REQUIRED: input<{ file: string; seq: number }>(
    (d) => `The audit ${d.file} is sealed with DIHYA_AUDIT_KEY (up to entry ${d.seq}), and DIHYA_AUDIT_KEY is not set`,
    () => 'Set DIHYA_AUDIT_KEY from your secret store: entries written without it would break the seal.',
  ),
  AUDIT_HISTORY_MISMATCH: runtime<{ count: number; versions: string }>(
    (d) => `The audit records ${d.count} migration(s) as applied that have no row in the history, so \`up\` would apply them again: ${d.versions}`,
    () =>
      'Someone removed history rows. Run `dihya-migrate audit verify` to see every problem. If the changes of these migrations are still in the database, ' +
      'put their history rows back; if they were undone by hand, record it with `dihya-migrate resolve <version> --rolled-back`.',
  ),
};
