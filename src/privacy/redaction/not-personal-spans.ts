/**
 * Stretches of text that hold digits but never a phone number: what dihya-migrate itself prints
 * all the time (migration versions, ISO timestamps, backup ids, SHA-256 hashes, UUIDs, IP
 * addresses, semver strings, durations, sizes and counts with their unit). The phone detector
 * leaves a candidate alone when it overlaps one of them.
 */
import { asciiOrUnicode, isAscii, type TextPattern } from './ascii-or-unicode.ts';

/** A half-open range of a text: `[start, end)`. */
export interface TextSpan {
  start: number;
  end: number;
}

const UNITS =
  'ms|µs|us|ns|s|secs?|seconds?|secondes?|min|minutes?|h|hours?|heures?|days?|jours?|B|o|KB|KiB|Ko|MB|MiB|Mo|GB|GiB|Go|TB|TiB|To|bytes?|octets?|' +
  'rows?|lignes?|lines?|entries|entrées?|files?|fichiers?|tables?|columns?|colonnes?|migrations?|steps?|batch(?:es)?|lots?|times|fois|%|x';

const NOT_PERSONAL: (RegExp | TextPattern | { pattern: RegExp; keep: (match: string) => boolean })[] = [
  // ISO 8601 dates and times, with fraction and offset: 2026-11-27, 2026-11-27T06:12:49.999+02:00 (0976-01-23-45 is a phone)
  /(?<!\d)(?:1[89]|2\d)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?|(?![-/.]?\d))/g,
  // Compact timestamps as in backup and run ids: 20261127T061249123Z
  /\d{8}T\d{4,9}Z?/g,
  // Dates written d.m.y, d/m/y, y.m.d, y/m/d with a real day and month (not a longer dotted run: 06.12.34.56.78 is a phone)
  /(?<![\d./-])(?:(?:0?[1-9]|[12]\d|3[01])([./])(?:0?[1-9]|1[0-2])\1(?:(?:19|20)\d{2}|\d{2})|(?:19|20)\d{2}([./])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01]))(?![./-]?\d)/g,
  // UUIDs
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  // Hashes and other long hexadecimal runs (pure-digit runs this long are no phone either)
  /(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])/gi,
  // IPv4 addresses (octets 0-255 without leading zeros), with an optional port
  /(?<![\d.+])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?::\d{1,5})?(?![\d.])/g,
  // Semantic versions: small numeric parts without leading zeros, 6 digits at most (416.555.0199, 800.17.1234, 21.234.5678 stay phones)
  {
    pattern: /(?<![\w.+])v?(?:0|[1-9]\d?)\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,3})(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?(?![\w.])/g,
    keep: (match) => match.replace(/\D/g, '').length <= 6,
  },
  // Migration versions: YYYYMMDDHHMMSS
  /(?<!\d)(?:19|20)\d{12}(?!\d)/g,
  // A number with its unit: 1234 ms, 12.5 MiB, 1000000 rows, 1 000 000 rows
  asciiOrUnicode(`(?<![\\p{L}\\p{N}])(?:\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})+|\\d+)(?:[.,]\\d+)?\\s?(?:${UNITS})(?![\\p{L}\\p{N}])`, 'gu'),
];

/**
 * The stretches of `text` that can never be a personal value, sorted by start.
 *
 * `ascii`: whether `text` is all ASCII, when the caller knows it already.
 *
 * @example
 * notPersonalSpans('applied at 2026-11-27T06:12:49Z in 1234 ms') // [{ start: 11, end: 31 }, { start: 35, end: 42 }]
 */
export function notPersonalSpans(text: string, ascii = isAscii(text)): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const entry of NOT_PERSONAL) {
    const { pattern, keep } =
      entry instanceof RegExp ? { pattern: entry, keep: undefined } : 'of' in entry ? { pattern: entry.of(ascii), keep: undefined } : entry;
    for (const match of text.matchAll(pattern)) {
      if (!keep || keep(match[0])) spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * True when `[start, end)` overlaps one of `spans`.
 *
 * @example
 * overlapsAny({ start: 5, end: 9 }, [{ start: 8, end: 12 }]) // true
 */
export function overlapsAny(range: TextSpan, spans: readonly TextSpan[]): boolean {
  return spans.some((s) => s.start < range.end && range.start < s.end);
}
