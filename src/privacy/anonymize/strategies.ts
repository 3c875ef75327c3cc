import type { PersonalColumnRule } from '../../config/sections/privacy.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import type { PrivacyKey } from '../privacy-key.ts';
import { digits, fakeValue, writeDateLike } from './fake-values.ts';
import type { SeededFaker } from './seeded-faker.ts';

/** What a strategy needs to know about the column it writes to. */
export interface ColumnShape {
  /** `privacy.columns` entry, for errors. */
  entry: string;
  rule: PersonalColumnRule;
  maxLength?: number;
  numeric: boolean;
}

const DAY = 86_400_000;

/**
 * A value as text, the form every keyed hash is computed on: the same value read from two tables
 * (or two databases) gives the same text, so its pseudonym is the same everywhere.
 *
 * @example
 * valueText(new Date('1985-03-12T00:00:00Z')) // '1985-03-12T00:00:00.000Z'
 */
export function valueText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return String(value);
}

/**
 * Applies a column's strategy to one value: `fake`, `hash` (keyed HMAC, cut to the column's
 * length), `null`, `constant`, `shift` (a date moved by a deterministic offset of 1 to `days`
 * days, either way), `generalize` (a date to 1 January of its year, a postcode to its first
 * characters, an IP address to its network) or `keep`. Null stays null. `attempt` > 0 asks for
 * another fake or hash for the same value (when the first one is taken in a unique column).
 * Deterministic: the same value, key and attempt give the same output.
 *
 * @example
 * const strategies = new Strategies(key, new SeededFaker('en'))
 * strategies.apply({ entry: 'customers.email', rule: { kind: 'email', strategy: 'fake' }, numeric: false }, 'alice@corp.fr')
 */
export class Strategies {
  readonly #key: PrivacyKey;
  readonly #faker: SeededFaker;
  readonly #locale: 'en' | 'fr';

  constructor(key: PrivacyKey, faker: SeededFaker, locale: 'en' | 'fr' = 'en') {
    this.#key = key;
    this.#faker = faker;
    this.#locale = locale;
  }

  apply(shape: ColumnShape, value: unknown, attempt = 0): unknown {
    if (value === null || value === undefined) return value;
    const { rule } = shape;
    const text = valueText(value);
    switch (rule.strategy) {
      case 'keep':
        return value;
      case 'null':
        return null;
      case 'constant':
        return rule.value ?? null;
      case 'hash': {
        const hex = this.#key.hash(attempt === 0 ? text : `${attempt}\u0000${text}`, 'hash');
        return hex.slice(0, Math.min(64, shape.maxLength ?? 64));
      }
      case 'shift':
        return this.#shift(shape, value, text);
      case 'generalize':
        return generalize(shape, value, text);
      case 'fake': {
        const seed = this.#key.digest(`fake:${rule.kind}:${attempt}`, text);
        const fake = fakeValue(rule.kind, text, {
          seed,
          faker: this.#faker,
          locale: this.#locale,
          ...(shape.maxLength !== undefined ? { maxLength: shape.maxLength } : {}),
        });
        if (value instanceof Date) return new Date(Date.parse(fake));
        if (shape.numeric || typeof value === 'number' || typeof value === 'bigint') return asNumber(fake, value, seed);
        return fake;
      }
    }
  }

  /**
   * A 53-bit fingerprint of a value, to tell later whether an original value is still there
   * without keeping the value itself. It lives in memory only for the run, so a fast non-keyed
   * hash does (a keyed HMAC per cell would double the cost); two values share one with a
   * chance of about 1 in 10^15.
   */
  fingerprint(value: unknown): number {
    return cyrb53(valueText(value));
  }

  #shift(shape: ColumnShape, value: unknown, text: string): unknown {
    const digest = this.#key.digest('shift', text);
    const days = shape.rule.days ?? 30;
    const offset = (1 + (digest.readUInt32BE(0) % days)) * (digest[4]! % 2 === 0 ? 1 : -1) * DAY;
    const when = value instanceof Date ? value.getTime() : Date.parse(text);
    if (Number.isNaN(when)) throw notADate(shape);
    const moved = new Date(when + offset);
    return value instanceof Date ? moved : writeDateLike(text, moved);
  }
}

function generalize(shape: ColumnShape, value: unknown, text: string): unknown {
  const { kind, keep } = shape.rule;
  if (kind === 'postcode') {
    const prefix = keep ?? 2;
    const out =
      text.slice(0, prefix) +
      text
        .slice(prefix)
        .replace(/\d/g, '0')
        .replace(/[A-Za-z]/g, 'X');
    return typeof value === 'number' ? Number(out) : out;
  }
  if (kind === 'ip') {
    if (text.includes(':')) return `${text.split(':').slice(0, 3).join(':')}::`;
    return text.replace(/\.\d+$/, '.0');
  }
  // birth_date, date: 1 January of the year.
  const when = value instanceof Date ? value : new Date(Date.parse(text));
  if (Number.isNaN(when.getTime())) throw notADate(shape);
  const year = value instanceof Date ? when.getFullYear() : when.getUTCFullYear();
  if (value instanceof Date) return new Date(year, 0, 1);
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? `${year}-01-01${text.slice(10).replace(/\d/g, '0')}` : String(year);
}

/** A fake for a number column: its digits (a phone, a card, a postcode…), same magnitude where it can. */
function asNumber(fake: string, original: unknown, seed: Buffer): number | string {
  let text = fake.replace(/\D/g, '');
  if (text === '') text = digits(seed, String(original).replace(/\D/g, '').length || 6);
  text = text.replace(/^0+(?=\d)/, '');
  const n = Number(text);
  return typeof original === 'bigint' || !Number.isSafeInteger(n) ? text : n;
}

/** cyrb53: a fast 53-bit string hash (public domain, bryc). */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function notADate(shape: ColumnShape): DihyaError {
  return new DihyaError('PRIVACY_CATALOG_INVALID', { entry: `privacy.columns['${shape.entry}']`, reason: 'a value of this column is not a date' });
}
