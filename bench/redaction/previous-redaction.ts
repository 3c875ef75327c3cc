/**
 * The hand-written redaction this release replaced (regexes only, French phone formats, no
 * libphonenumber), kept here as the peer of the redaction benchmark.
 */
const digitsOf = (s: string) => s.replace(/[^0-9]/g, '');

function luhn(digits: string): boolean {
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

const PATTERNS: { kind: string; pattern: RegExp; confirm?: (m: string) => boolean }[] = [
  { kind: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  { kind: 'card', pattern: /\b[3-6]\d{3}(?:[ -]?\d){9,15}\b/g, confirm: (m) => luhn(digitsOf(m)) },
  {
    kind: 'phone',
    pattern: /(?:\+|\b00)[1-9]\d{0,2}(?:[ .-]?\(?\d\)?)?(?:[ .-]?\d{1,4}){3,5}\b|\b0[1-9](?:[ .-]?\d{2}){4}\b/g,
    confirm: (m) => digitsOf(m).length >= 9 && digitsOf(m).length <= 15,
  },
];

/** The previous redactText, for comparison. */
export function previousRedactText(text: string): string {
  let out = text;
  for (const { kind, pattern, confirm } of PATTERNS) out = out.replace(pattern, (m) => (confirm && !confirm(m) ? m : `[${kind}]`));
  return out;
}
