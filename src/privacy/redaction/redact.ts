import { isAscii } from './ascii-or-unicode.ts';
import { PERSONAL_DATA_PATTERNS, type PersonalDataKind } from './personal-data-patterns.ts';
import { findPhoneNumbers } from './phone-numbers.ts';

/**
 * Replaces every secret and personal value in a text: URL passwords and `password=…` pairs
 * become `***`; e-mail addresses (internationalized, quoted, URL-encoded), phone numbers (any
 * region, international or national format), IBANs (mod 97), card numbers (Luhn), French NIRs
 * (key) become `[email]`, `[phone]`, `[iban]`, `[card]`, `[nir]`. Only complete values are
 * replaced: `LIKE '%@gmail.com'` is a pattern and stays. Everything that leaves dihya-migrate as
 * text (console, logs, audit) goes through it.
 *
 * @example
 * redactText('duplicate key: alice@example.org, +33 6 12 34 56 78') // 'duplicate key: [email], [phone]'
 * redactText('table export_4111111111111111')                      // 'table export_[card]'
 */
export function redactText(text: string): string {
  if (CLEAN.has(text)) {
    CLEAN.delete(text);
    CLEAN.add(text);
    return text;
  }
  let out = text;
  // What replaces a match is ASCII: an ASCII text stays one.
  const ascii = isAscii(text);
  for (const { kind, pattern, worthTrying, confirm, replace } of PERSONAL_DATA_PATTERNS) {
    if (worthTrying && !worthTrying(out)) continue;
    out = out.replace(pattern.of(ascii), (match: string, ...groups: unknown[]) => {
      if (confirm && !confirm(match)) return match;
      return replace ? replace(match, ...groups.filter((g): g is string => typeof g === 'string')) : `[${kind}]`;
    });
  }
  const phones = findPhoneNumbers(out);
  for (let i = phones.length - 1; i >= 0; i--) out = `${out.slice(0, phones[i]!.start)}[phone]${out.slice(phones[i]!.end)}`;
  if (out === text && text.length <= CLEAN_MAX_LENGTH) {
    if (CLEAN.size >= CLEAN_LIMIT) CLEAN.delete(CLEAN.values().next().value!);
    CLEAN.add(text);
  }
  return out;
}

/**
 * Short texts that redaction left as they were, the most recently used last: the keys of every
 * audit entry and log line, the actor, the target, event names repeat from one to the next. Only
 * a text with nothing to hide goes in, so this never holds a personal value.
 */
const CLEAN = new Set<string>();
const CLEAN_LIMIT = 512;
const CLEAN_MAX_LENGTH = 200;

/**
 * Deep copy of a JSON-like value with every string redacted, keys included: a row count keyed by
 * a table named `export_4111111111111111` is keyed `export_[card]`. Keys that become the same
 * add up when both values are numbers (two tables' row counts); otherwise the later one is kept
 * under `key (2)`, `key (3)`…
 *
 * @example
 * redactDeep({ error: 'bad value 4111 1111 1111 1111' }) // { error: 'bad value [card]' }
 * redactDeep({ export_4111111111111111: 2, export_5555555555554444: 3 }) // { 'export_[card]': 5 }
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = redactText(k);
      const redacted = redactDeep(v);
      if (!(key in out)) out[key] = redacted;
      else if (typeof out[key] === 'number' && typeof redacted === 'number') out[key] = out[key] + redacted;
      else {
        let n = 2;
        while (`${key} (${n})` in out) n++;
        out[`${key} (${n})`] = redacted;
      }
    }
    return out as T;
  }
  return value;
}

const PLACEHOLDER = /\[(email|phone|iban|card|nir)\]|\*\*\*/g;

/**
 * The kinds of personal values and secrets `text` holds (what {@link redactText} would hide).
 *
 * @example
 * personalKindsIn("insert into t values ('ana@corp.fr', '06 12 34 56 78')") // ['email', 'phone'] (sorted)
 */
export function personalKindsIn(text: string): PersonalDataKind[] {
  const count = (s: string) => {
    const kinds = new Map<PersonalDataKind, number>();
    for (const m of s.matchAll(PLACEHOLDER)) {
      const kind = (m[1] ?? 'secret') as PersonalDataKind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return kinds;
  };
  const redacted = redactText(text);
  if (redacted === text) return [];
  const before = count(text);
  const after = count(redacted);
  return [...after]
    .filter(([kind, n]) => n > (before.get(kind) ?? 0))
    .map(([kind]) => kind)
    .sort();
}

/**
 * The one kind of personal value that `value` is as a whole (a column value, say), if any.
 *
 * @example
 * classifyValue(' +33 6 12 34 56 78 ') // 'phone'
 * classifyValue('call me at +33 6 12 34 56 78') // undefined (not the whole value)
 */
export function classifyValue(value: string): Exclude<PersonalDataKind, 'secret'> | undefined {
  const out = redactText(value.trim());
  const whole = /^\[(email|phone|iban|card|nir)\]$/.exec(out);
  return whole ? (whole[1] as Exclude<PersonalDataKind, 'secret'>) : undefined;
}
