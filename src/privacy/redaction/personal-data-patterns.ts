import { asciiOrUnicode, type TextPattern } from './ascii-or-unicode.ts';
import { ibanValid, luhnValid, nirValid } from './checksums.ts';
import { IBAN_LENGTHS } from './iban-lengths.ts';

export { ibanValid, luhnValid, nirValid } from './checksums.ts';

/** What a detector recognizes. */
export type PersonalDataKind = 'secret' | 'email' | 'phone' | 'iban' | 'card' | 'nir';

/**
 * Recognizers for personal values and secrets that must never reach a log, the console or the
 * audit. Each one finds candidates with a pattern, then confirms them with a checksum where the
 * value has one (IBAN mod 97, card Luhn, NIR key) so that versions, hashes and counts survive.
 * Borders are letters and digits only: `_` joins identifiers, so `export_4111111111111111`
 * becomes `export_[card]`. Phone numbers are found by {@link findPhoneNumbers} (libphonenumber-js).
 *
 * Each pattern is compiled on first use, in an ASCII form for ASCII texts (see {@link asciiOrUnicode}).
 *
 * @example
 * const email = PERSONAL_DATA_PATTERNS.find((p) => p.kind === 'email')!
 * const text = 'write to łukasz.wójcik@example.pl'
 * text.replace(email.pattern.of(isAscii(text)), '[email]') // 'write to [email]'
 */
export interface PersonalDataPattern {
  kind: PersonalDataKind;
  pattern: TextPattern;
  /** A quick test the text must pass before the pattern is run at all. */
  worthTrying?: (text: string) => boolean;
  confirm?: (match: string) => boolean;
  /** Replaces a confirmed match (default: `[kind]`). */
  replace?: (match: string, ...groups: string[]) => string;
}

/** Letters (any script), marks and digits: what may not touch a value for it to stand alone. */
const B = '\\p{L}\\p{M}\\p{N}';
/** One label of a domain name, internationalized (bücher, xn--bcher-kva). */
const LABEL = `[${B}](?:[${B}-]{0,61}[${B}])?`;
/** A domain with at least one dot and a top-level domain of letters (or punycode). */
const DOMAIN = `(?:${LABEL}\\.)+(?:\\p{L}[\\p{L}\\p{M}]{1,62}|xn--[a-z0-9-]{1,59})(?![${B}-])`;
/**
 * The local part of an address, internationalized. `%` is left out: `LIKE '%@gmail.com'` is a
 * pattern, not an address, and `'%john@x.org'` keeps its wildcard (`'%[email]'`).
 */
const LOCAL = `[${B}_+-](?:[${B}._+-]{0,63})`;
/** The same, URL-encoded: `john.doe%40example.org`, `%C5%82ukasz%40example.pl`. */
const ENCODED_LOCAL = `(?:[${B}._+-]|%[0-9A-Fa-f]{2}){1,64}`;

const hasAt = (text: string) => text.includes('@') || /%40/i.test(text);
/** What an IBAN starts with: its country and check digits. */
const hasIbanStart = (text: string) => /[A-Za-z]{2}\d{2}/.test(text);
/** A NIR's first 13 characters (digits, or the Corsican 2A/2B) with single separators. */
const hasNirLength = (text: string) => /\d(?:[ -]?[\dABab]){12}/.test(text);
/** A card's 13 digits at least, with single separators. */
const hasCardLength = (text: string) => /\d(?:[ -]?\d){12}/.test(text);

const compact = (s: string) => s.replace(/[\s-]+/g, '').toUpperCase();

export const PERSONAL_DATA_PATTERNS: PersonalDataPattern[] = [
  {
    // user:password@ in any URL-like text: keep the user, hide the password (up to the last @
    // before the path, so a password containing @ is hidden whole).
    kind: 'secret',
    pattern: asciiOrUnicode('\\b([a-z][a-z0-9+.-]*:\\/\\/[^\\s:@/]*):([^\\s/]*)@', 'gi'),
    worthTrying: (text) => text.includes('://'),
    replace: (_m, prefix) => `${prefix}:***@`,
  },
  {
    kind: 'secret',
    pattern: asciiOrUnicode(`\\b(password|passwd|pwd|secret|token|api[_-]?key)(["']?\\s*[=:]\\s*)("[^"]*"|'[^']*'|[^\\s&,;"']+)`, 'gi'),
    worthTrying: (text) => text.includes('=') || text.includes(':'),
    replace: (_m, key, sep, value) => {
      const quote = /^["']/.test(value ?? '') ? value.charAt(0) : '';
      return `${key}${sep}${quote}***${quote}`;
    },
  },
  // "john doe"@example.com: the quoted local part goes with the address.
  { kind: 'email', pattern: asciiOrUnicode(`"[^"\\\\\\r\\n]{1,64}"@${DOMAIN}`, 'gu'), worthTrying: hasAt },
  // john%40example.com, as in URLs and query strings.
  { kind: 'email', pattern: asciiOrUnicode(`(?<![${B}._+%-])${ENCODED_LOCAL}%40${DOMAIN}`, 'giu'), worthTrying: hasAt },
  // łukasz.wójcik@exemple.pl, jane+tag@bücher.de
  { kind: 'email', pattern: asciiOrUnicode(`(?<![${B}._+-])${LOCAL}@${DOMAIN}`, 'gu'), worthTrying: hasAt },
  {
    // FR76 3000 6000 0112 3456 7890 189, fr76-3000-…, DE89370400440532013000; the country's length and mod 97 must match.
    kind: 'iban',
    pattern: asciiOrUnicode(`(?<![${B}])[A-Za-z]{2}\\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?(?![${B}])`, 'gu'),
    worthTrying: hasIbanStart,
    confirm: (m) => {
      const iban = compact(m);
      return IBAN_LENGTHS[iban.slice(0, 2)] === iban.length && ibanValid(iban) && (m === m.toUpperCase() || m === m.toLowerCase());
    },
  },
  {
    // 1 85 05 78 006 084 91, 1-85-05-…, 185057800608491; a compact NIR needs its key.
    kind: 'nir',
    pattern: asciiOrUnicode(
      `(?<![${B}+])[12][ -]?\\d{2}[ -]?(?:0[1-9]|1[0-2]|[2-9]\\d)[ -]?(?:\\d{2}|2[ABab])[ -]?\\d{3}[ -]?\\d{3}(?:[ -]?\\d{2})?(?![${B}])`,
      'gu',
    ),
    worthTrying: hasNirLength,
    confirm: (m) => nirValid(m) && (compact(m).length === 15 || /[ -]/.test(m)),
  },
  {
    // 13 to 19 digits, optionally grouped, Luhn-valid; issuer 3-6 or Mastercard's 2221-2720 (so 20… versions never match).
    kind: 'card',
    pattern: asciiOrUnicode(`(?<![${B}+])(?:[3-6]\\d{3}|2(?:22[1-9]|2[3-9]\\d|[3-6]\\d{2}|7[01]\\d|720))(?:[ -]?\\d){9,15}(?![${B}])`, 'gu'),
    worthTrying: hasCardLength,
    confirm: (m) => {
      const d = m.replace(/\D/g, '');
      return d.length >= 13 && d.length <= 19 && luhnValid(d);
    },
  },
];
