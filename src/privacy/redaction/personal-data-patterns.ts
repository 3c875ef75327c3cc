/**
 * Recognizers for personal values and secrets that must never reach a log, the console or the
 * audit. Each one finds candidates with a pattern, then confirms them with a checksum where the
 * value has one (IBAN mod 97, card Luhn, NIR key) so that versions, hashes and counts survive.
 */
export interface PersonalDataPattern {
  kind: 'secret' | 'email' | 'phone' | 'iban' | 'card' | 'nir';
  pattern: RegExp;
  confirm?: (match: string) => boolean;
  /** Replaces a confirmed match (default: `[kind]`). */
  replace?: (match: string, ...groups: string[]) => string;
}

const digitsOf = (s: string) => s.replace(/[^0-9]/g, '');

/** Luhn check of a card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616 mod-97 check of an IBAN. */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Key check of a French NIR (social security number), Corsica's 2A/2B included. */
export function nirValid(nir: string): boolean {
  const compact = nir.replace(/\s+/g, '').toUpperCase();
  if (compact.length !== 15) return compact.length === 13;
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(compact.slice(13));
  return 97 - Number(BigInt(body) % 97n) === key;
}

export const PERSONAL_DATA_PATTERNS: PersonalDataPattern[] = [
  {
    // user:password@ in any URL-like text: keep the user, hide the password (up to the last @
    // before the path, so a password containing @ is hidden whole).
    kind: 'secret',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*):([^\s/]*)@/gi,
    replace: (_m, prefix) => `${prefix}:***@`,
  },
  {
    kind: 'secret',
    pattern: /\b(password|passwd|pwd|secret|token|api[_-]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"']+)/gi,
    replace: (_m, key, sep, value) => {
      const quote = /^["']/.test(value ?? '') ? value.charAt(0) : '';
      return `${key}${sep}${quote}***${quote}`;
    },
  },
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, confirm: ibanValid },
  {
    kind: 'nir',
    pattern: /\b[12] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3}(?: ?\d{2})?\b/g,
    confirm: nirValid,
  },
  {
    // 13 to 19 digits, optionally grouped, issuer digit 3-6, Luhn-valid. Versions (20…) never match.
    kind: 'card',
    pattern: /\b[3-6]\d{3}(?:[ -]?\d){9,15}\b/g,
    confirm: (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && luhnValid(d);
    },
  },
  {
    // International (+33 6 12 34 56 78, 0033…) and French national (06 12 34 56 78) numbers.
    kind: 'phone',
    pattern: /(?:\+|\b00)[1-9]\d{0,2}(?:[ .-]?\(?\d\)?)?(?:[ .-]?\d{1,4}){3,5}\b|\b0[1-9](?:[ .-]?\d{2}){4}\b/g,
    confirm: (m) => {
      const n = digitsOf(m).length;
      return n >= 9 && n <= 15;
    },
  },
];
