import { redactText } from './redact.ts';

/**
 * Text safe to show: every occurrence of the given secrets (as is and URL-encoded) is replaced by
 * `***`, then everything {@link redactText} hides (URL passwords, personal values) is hidden too.
 * Use it on a spawned tool's stderr and on driver error messages before they go into an Error.
 *
 * @example
 * redactSecrets('FATAL: password "s3cret" rejected', ['s3cret']) // 'FATAL: password "***" rejected'
 * redactSecrets('could not connect to postgres://app:pw@db/shop', []) // 'could not connect to postgres://app:***@db/shop'
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  let out = text;
  // Known secrets first (longest first, so a secret containing another one is replaced whole),
  // then whatever sits between "user:" and the last "@" of a URL's authority.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join('***');
  return redactText(out);
}
