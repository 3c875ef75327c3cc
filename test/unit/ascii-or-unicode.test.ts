import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiOrUnicode, asciiSource, isAscii, isLetterOrDigit } from '../../src/privacy/redaction/ascii-or-unicode.ts';
import { PERSONAL_DATA_PATTERNS } from '../../src/privacy/redaction/personal-data-patterns.ts';
import { findPhoneNumbers } from '../../src/privacy/redaction/phone-numbers.ts';
import { redactText } from '../../src/privacy/redaction/redact.ts';
import { CANARIES } from '../helpers/canaries.ts';

/** Printable ASCII. */
const asciiChars = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 8 });
/** ASCII texts made of personal values, near misses and what dihya-migrate prints, glued by separators or not. */
const asciiText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...Object.values(CANARIES).filter(isAscii)),
      fc.constantFrom('20260101000000', '2026-12-04T18:59:06.439Z', '1234 ms', '12.5 MiB', 'v1.2.3', '10.0.0.1:5432', 'root@vm', 'tel:', 'phone '),
      fc.constantFrom('postgres://app:pw@db/shop', 'password=x', 'a@b.co', 'john%40example.org', '+', '(', ')', '00', '011'),
      fc.stringMatching(/^[0-9]{1,5}$/),
      fc.stringMatching(/^[a-zA-Z]{1,6}$/),
      asciiChars,
    ),
    { maxLength: 8 },
  )
  .chain((parts) =>
    fc
      .array(fc.constantFrom('', ' ', '-', '.', '_', '/', ', ', '@'), { minLength: parts.length, maxLength: parts.length })
      .map((seps) => parts.map((p, i) => p + seps[i]).join('')),
  );

const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => [m.index, m[0]]);

describe('asciiSource', () => {
  it('turns property classes into ASCII ranges inside a class and into a class outside one', () => {
    expect(asciiSource('(?<![\\p{L}\\p{N}_])\\p{L}')).toBe('(?<![A-Za-z0-9_])[A-Za-z]');
    expect(asciiSource('[^\\p{L}\\p{M}\\p{N}\\n]{0,6}$')).toBe('[^A-Za-z0-9\\n]{0,6}$');
    expect(asciiSource('x\\p{M}')).toBe('x[]');
    expect(asciiSource('\\[\\p{N}\\]')).toBe('\\[[0-9]\\]');
  });

  it('refuses the property escapes it has no ASCII form for', () => {
    expect(() => asciiSource('\\P{L}')).toThrow(/no ASCII form/);
    expect(() => asciiSource('\\p{Lu}')).toThrow(/no ASCII form/);
  });
});

describe('isAscii and isLetterOrDigit', () => {
  it('tell ASCII texts and letters or digits of any script', () => {
    expect(isAscii('table notes 1234 ~')).toBe(true);
    expect(isAscii('łukasz')).toBe(false);
    expect(isAscii('\u{1f600}')).toBe(false);
    expect(['a', 'Z', '0', '9', 'é', 'ł', '٣'].every(isLetterOrDigit)).toBe(true);
    expect(['_', '-', ' ', '+', '@', '\u0301'].some(isLetterOrDigit)).toBe(false);
  });
});

describe('asciiOrUnicode', () => {
  it('builds one form only when the pattern has no property class', () => {
    const plain = asciiOrUnicode('\\d+', 'g');
    expect(plain.of(true)).toBe(plain.of(false));
    const word = asciiOrUnicode('[\\p{L}]+', 'gu');
    expect(word.of(true)).not.toBe(word.of(false));
    expect('café au lait'.match(word.of(false))).toEqual(['café', 'au', 'lait']);
    expect('cafe au lait'.match(word.of(true))).toEqual(['cafe', 'au', 'lait']);
  });

  it('finds the same matches in both forms on any ASCII text, for every redaction pattern', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        for (const { kind, pattern } of PERSONAL_DATA_PATTERNS) expect(matches(text, pattern.of(true)), kind).toEqual(matches(text, pattern.of(false)));
      }),
      { numRuns: 3000 },
    );
  });

  it('redacts a text led by a non-ASCII word as the same text without it', () => {
    // The Unicode forms run on the first text, the ASCII forms on the second: the same values go.
    const shift = (spans: { start: number; end: number }[]) => spans.map((s) => ({ start: s.start + 2, end: s.end + 2 }));
    fc.assert(
      fc.property(asciiText, (text) => {
        expect(redactText(`é ${text}`)).toBe(`é ${redactText(text)}`);
        expect(findPhoneNumbers(`é ${text}`)).toEqual(shift(findPhoneNumbers(text)));
      }),
      { numRuns: 1500 },
    );
  });
});
