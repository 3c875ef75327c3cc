/**
 * The check digits that tell a real identifier from a number that only looks like one: a card's
 * Luhn digit, an IBAN's ISO 13616 mod 97, a French NIR's key. Detectors confirm their candidates
 * with these so that versions, hashes and counts are left alone; fake values are built to pass them.
 */

/**
 * Luhn check of a card number (digits only).
 *
 * @example
 * luhnValid('4111111111111111') // true
 * luhnValid('4111111111111112') // false
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
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

/**
 * The Luhn check digit that completes `body` (digits only).
 *
 * @example
 * luhnCheckDigit('411111111111111') // '1'
 */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return String(d);
  /* c8 ignore next */
  throw new Error('unreachable: one of ten digits always completes a Luhn sum');
}

/** Remainder of an IBAN-style alphanumeric string modulo 97 (letters count as 10..35). */
function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const ch of alphanumeric) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/**
 * ISO 13616 mod-97 check of an IBAN; spaces and dashes are ignored, case too.
 *
 * @example
 * ibanValid('FR76 3000 6000 0112 3456 7890 189') // true
 * ibanValid('fr76-3000-6000-0112-3456-7890-189') // true
 */
export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

/**
 * The two check digits of an IBAN with this country code and BBAN.
 *
 * @example
 * ibanCheckDigits('FR', '30006000011234567890189') // '76'
 */
export function ibanCheckDigits(country: string, bban: string): string {
  const remainder = mod97(`${bban}${country}00`.toUpperCase());
  return String(98 - remainder).padStart(2, '0');
}

/**
 * The key of a French NIR body (13 characters, Corsica's 2A/2B included).
 *
 * @example
 * nirKey('1850578006084') // 91
 */
export function nirKey(body: string): number {
  const numeric = body.toUpperCase().replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(numeric) % 97n);
}

/**
 * Key check of a French NIR (social security number); spaces and dashes are ignored. A 13-character
 * NIR has no key to check and is accepted as it is.
 *
 * @example
 * nirValid('1 85 05 78 006 084 91') // true
 * nirValid('1-85-05-78-006-084-92') // false
 */
export function nirValid(nir: string): boolean {
  const compact = nir.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2[AB])\d{6}(?:\d{2})?$/.test(compact)) return false;
  if (compact.length === 13) return true;
  return nirKey(compact.slice(0, 13)) === Number(compact.slice(13));
}
