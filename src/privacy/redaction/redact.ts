import { PERSONAL_DATA_PATTERNS } from './personal-data-patterns.ts';

/**
 * Replaces every secret and personal value in a text: URL passwords and `password=…` pairs
 * become `***`, e-mail addresses, phone numbers, IBANs, card numbers and French NIRs become
 * `[email]`, `[phone]`, `[iban]`, `[card]`, `[nir]`. Everything that leaves dihya-migrate as text
 * (console, logs, audit) goes through it.
 *
 * @example
 * redactText('duplicate key: alice@example.org, +33 6 12 34 56 78') // 'duplicate key: [email], [phone]'
 */
export function redactText(text: string): string {
  let out = text;
  for (const { kind, pattern, confirm, replace } of PERSONAL_DATA_PATTERNS) {
    out = out.replace(pattern, (match: string, ...groups: unknown[]) => {
      if (confirm && !confirm(match)) return match;
      return replace ? replace(match, ...groups.filter((g): g is string => typeof g === 'string')) : `[${kind}]`;
    });
  }
  return out;
}

/**
 * Deep copy of a JSON-like value with every string redacted (keys are kept as they are).
 *
 * @example
 * redactDeep({ error: 'bad value 4111 1111 1111 1111' }) // { error: 'bad value [card]' }
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}
