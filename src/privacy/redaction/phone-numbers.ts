import { createRequire } from 'node:module';
import type * as PhoneLibrary from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { asciiOrUnicode, isAscii, isLetterOrDigit } from './ascii-or-unicode.ts';
import { notPersonalSpans, overlapsAny, type TextSpan } from './not-personal-spans.ts';

/*
 * Phone numbers in free text, with libphonenumber-js (Google's metadata, `max` set: precise
 * per-type patterns). Two passes:
 *
 *  1. international: every number written with `+` (or an IDD prefix 00 / 011) is found by the
 *     library's own text search (`findPhoneNumbersInText`, no default region: the calling code
 *     says where it belongs), run on windows around each `+` so long texts without one cost nothing;
 *     a `+` number the search skips (an unassigned range, or metadata older or newer than the
 *     number) is still taken when it has 8 to 15 digits after a calling code in use.
 *  2. national: a number written without its calling code can belong to any region, so each
 *     candidate (digit groups with phone-style separators, or a compact number with a trunk
 *     prefix 0, or any digits right after a word such as "phone"/"tél.") is parsed as a national
 *     number of every region in turn until one says it is valid. Candidates shorter than 7
 *     digits, thousands-grouped counts, decimals and anything overlapping a timestamp, version,
 *     hash, UUID, IP address, semver or a number with its unit are not phone numbers.
 */

/**
 * libphonenumber-js, loaded on first use (its metadata is most of the CLI's start-up time, and
 * most texts have no candidate that reaches it): required synchronously, as redaction is.
 */
let library: typeof PhoneLibrary | undefined;
function phoneLibrary(): typeof PhoneLibrary {
  library ??= createRequire(import.meta.url)('libphonenumber-js/max') as typeof PhoneLibrary;
  return library;
}

/** National numbers shorter than this are not told apart from counts and times. */
const MIN_NATIONAL_DIGITS = 7;
/** E.164 allows 15 digits; a trunk or IDD prefix adds up to 3. */
const MAX_DIGITS = 18;
const MAX_CANDIDATE_CHARS = 40;
const MAX_WINDOW_CHARS = 240;

/** Regions tried first (most likely in this tool's users' data); then every other region. */
const FIRST_REGIONS: CountryCode[] = ['FR', 'US', 'GB', 'DE', 'BE', 'CH', 'CA', 'ES', 'IT', 'NL', 'PT', 'MA', 'DZ', 'TN', 'AU', 'BR', 'IE', 'LU'];
let regionOrder: CountryCode[] | undefined;
function regions(): CountryCode[] {
  regionOrder ??= [
    ...FIRST_REGIONS,
    ...phoneLibrary()
      .getCountries()
      .filter((r) => !FIRST_REGIONS.includes(r)),
  ];
  return regionOrder;
}

/** Calling codes without a region of their own (freephone, satellite, shared-cost…). */
const NON_GEOGRAPHIC_CODES = ['800', '808', '870', '878', '881', '882', '883', '888', '979'];
let callingCodes: Set<string> | undefined;
/** True when `digits` (after the `+`) start with a calling code in use. */
function hasCallingCode(digits: string): boolean {
  callingCodes ??= new Set([
    ...phoneLibrary()
      .getCountries()
      .map((r) => phoneLibrary().getCountryCallingCode(r)),
    ...NON_GEOGRAPHIC_CODES,
  ]);
  return [1, 2, 3].some((n) => callingCodes!.has(digits.slice(0, n)));
}

const PHONE_WORD = asciiOrUnicode(
  '(?:t[ée]l(?:[ée]phone)?|phone|mobile|portable|gsm|fax|cell(?:ular)?|handy|telefon[oe]?|whatsapp|sms)[^\\p{L}\\p{N}\\n]{0,6}$',
  'iu',
);

/** Five digits within one run of the characters a phone number is written with. */
const FIVE_DIGITS_IN_A_RUN = /\d(?:[\d \u00a0./()+-]*\d){4}/;

const nationalCache = new Map<string, boolean>();
const CACHE_LIMIT = 5000;

/**
 * Where phone numbers are in `text`, in order, not overlapping.
 *
 * @example
 * findPhoneNumbers('call +1 (613) 555-0142 or 020 7946 0958') // [{ start: 5, end: 22 }, { start: 26, end: 39 }]
 */
export function findPhoneNumbers(text: string): TextSpan[] {
  // The shortest numbers found (+98 9601) have 5 digits in one run of digits and separators: text without such a run has none.
  if (!FIVE_DIGITS_IN_A_RUN.test(text)) return [];
  const ascii = isAscii(text);
  // Read only when a candidate gets that far: most candidates (a timestamp's parts, a hash's digits) are turned down before.
  let spans: TextSpan[] | undefined;
  const notPersonal = () => (spans ??= notPersonalSpans(text, ascii));
  const found = internationalNumbers(text, notPersonal);
  for (const candidate of candidates(text)) {
    if (overlapsAny(candidate, found)) continue;
    const phone = phoneWithin(text, candidate, notPersonal, ascii);
    if (phone) found.push(phone);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Pass 1: the library's text search, on the stretches around each `+` (merged when they touch). */
function internationalNumbers(text: string, notPersonal: () => TextSpan[]): TextSpan[] {
  const windows: TextSpan[] = [];
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    if (digitsAfter(text, plus + 1) < 5) continue; // the shortest numbers: +98 9601, +683 7012
    const window = { start: Math.max(0, plus - 2), end: Math.min(text.length, plus + MAX_CANDIDATE_CHARS) };
    const last = windows.at(-1);
    // Touching windows merge, up to a few hundred characters (the library's search grows faster
    // than linearly on a long run of `+`); the next one overlaps it, so no number is cut.
    if (last && window.start <= last.end && last.end - last.start < MAX_WINDOW_CHARS) last.end = window.end;
    else windows.push(window);
  }
  const found: TextSpan[] = [];
  for (const window of windows) {
    for (const match of phoneLibrary().findPhoneNumbersInText(text.slice(window.start, window.end))) {
      const span = { start: window.start + match.startsAt, end: window.start + match.endsAt };
      if (standsAlone(text, span) && !overlapsAny(span, found) && !insideNotPersonal(span, notPersonal())) found.push(span);
    }
  }
  return found;
}

/** How many digits the run of digits, spaces, dots, dashes, slashes and parentheses starting at `from` holds. */
function digitsAfter(text: string, from: number): number {
  let digits = 0;
  for (let i = from; i < text.length && i - from < MAX_CANDIDATE_CHARS; i++) {
    const c = text[i]!;
    if (isDigit(c)) digits++;
    else if (!' \u00a0.-/()'.includes(c)) break;
  }
  return digits;
}

/** Digit groups that may be a phone number: `+`, `(` or a digit after something that is not a letter or digit. */
function* candidates(text: string): Generator<TextSpan> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    const startsNumber = isDigit(c) || ((c === '(' || c === '+') && isDigit(text[i + 1] ?? '')) || (c === '(' && text[i + 1] === '+');
    if (!startsNumber || (i > 0 && (text[i - 1] === '+' || isLetterOrDigit(text[i - 1]!)))) {
      i++;
      continue;
    }
    const end = scanNumber(text, i);
    yield { start: i, end };
    i = Math.max(end, i + 1);
  }
}

/** The end of the number-like run that starts at `start`: digits with single separators and parentheses. */
function scanNumber(text: string, start: number): number {
  let i = start;
  let lastGood = start;
  let open = false;
  let previous: 'digit' | 'sep' | 'open' | 'close' | 'plus' = 'sep';
  while (i < text.length && i - start < MAX_CANDIDATE_CHARS + 20) {
    const c = text[i]!;
    if (isDigit(c)) {
      previous = 'digit';
      lastGood = i + 1;
    } else if (c === '+' && i === start) {
      previous = 'plus';
    } else if (c === '(' && !open && previous !== 'digit') {
      open = true;
      previous = 'open';
    } else if (c === ')' && open && previous === 'digit') {
      open = false;
      previous = 'close';
      lastGood = i + 1;
    } else if ((c === ' ' || c === '\u00a0' || c === '-' || c === '.' || c === '/') && (previous === 'digit' || previous === 'close')) {
      previous = 'sep';
    } else break;
    i++;
  }
  return lastGood;
}

/** The phone number this candidate is, or holds after dropping its first or last group. */
function phoneWithin(text: string, whole: TextSpan, notPersonal: () => TextSpan[], ascii: boolean): TextSpan | undefined {
  // `(630123456)`: the parentheses are around the number, not part of it.
  const candidate = /^\([^()]*\)$/.test(text.slice(whole.start, whole.end)) ? { start: whole.start + 1, end: whole.end - 1 } : whole;
  if (isPhone(text, candidate, notPersonal, ascii)) return candidate;
  const raw = text.slice(candidate.start, candidate.end);
  // Only at a space: `0.000123456` is a decimal, not `0.` and a phone.
  const firstSep = raw.search(/[ \u00a0]\(?\d/);
  if (firstSep > 0) {
    const rest = { start: candidate.start + firstSep + 1, end: candidate.end };
    if (isPhone(text, rest, notPersonal, ascii)) return rest;
  }
  const lastSep = raw.search(/[ \u00a0]\d+$/);
  if (lastSep > 0) {
    const head = { start: candidate.start, end: candidate.start + lastSep };
    if (isPhone(text, head, notPersonal, ascii)) return head;
  }
  return undefined;
}

/** The cheap tests come first; the spans that are never personal are asked for only by a candidate that passed them. */
function isPhone(text: string, span: TextSpan, notPersonal: () => TextSpan[], ascii: boolean): boolean {
  if (span.end - span.start > MAX_CANDIDATE_CHARS || !standsAlone(text, span)) return false;
  const raw = text.slice(span.start, span.end);
  const digits = raw.replace(/\D/g, '');
  if (digits.length > MAX_DIGITS) return false;
  if (raw.startsWith('+') || raw.startsWith('(+'))
    return digits.length >= 7 && digits.length <= 15 && hasCallingCode(digits) && !insideNotPersonal(span, notPersonal());
  const idd = /^(?:00|011)(?=[1-9])/.exec(raw);
  const national = nationalShape(text, span, raw, digits, ascii);
  // Without an IDD prefix, only a national number can be found here.
  if (!idd && !national) return false;
  if (overlapsAny(span, notPersonal())) return false;
  if (idd && phoneLibrary().isValidPhoneNumber(`+${digits.slice(idd[0].length)}`)) return true;
  return national && validNationalNumber(raw);
}

/** True when `raw` (at `span`, with these `digits`) looks enough like a national number to ask the library. */
function nationalShape(text: string, span: TextSpan, raw: string, digits: string, ascii: boolean): boolean {
  if (digits.length < MIN_NATIONAL_DIGITS || digits.length > 15) return false;
  const groups = raw.split(/[ \u00a0\-./()]+/).filter(Boolean);
  const afterPhoneWord = PHONE_WORD.of(ascii).test(text.slice(Math.max(0, span.start - 24), span.start));
  if (groups.length === 1 && !afterPhoneWord && !(digits.startsWith('0') && digits.length >= 9 && digits.length <= 12)) return false;
  if (!afterPhoneWord && /^(?:0|[1-9]\d*)\.\d+$/.test(raw)) return false; // a decimal (0800.1234 is not one)
  return true;
}

/** True when some region says `raw` is a valid national number (cached: outputs repeat). */
function validNationalNumber(raw: string): boolean {
  const cached = nationalCache.get(raw);
  if (cached !== undefined) return cached;
  const valid = regions().some((region) => phoneLibrary().isValidPhoneNumber(raw, region));
  if (nationalCache.size >= CACHE_LIMIT) nationalCache.delete(nationalCache.keys().next().value!);
  nationalCache.set(raw, valid);
  return valid;
}

/**
 * True when a `+` number starts inside a timestamp or the like (`…06:12:49+02:00`). What starts
 * after its `+` is part of the number: `+687 20.12.34` is a phone, not a date.
 */
function insideNotPersonal(span: TextSpan, notPersonal: TextSpan[]): boolean {
  return notPersonal.some((s) => s.start < span.start && span.start < s.end);
}

/** Not glued to a letter or digit on either side (`_` joins identifiers and counts as a border). */
function standsAlone(text: string, span: TextSpan): boolean {
  const before = text[span.start - 1];
  const after = text[span.end];
  return !(before && isLetterOrDigit(before)) && !(after && isLetterOrDigit(after));
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
