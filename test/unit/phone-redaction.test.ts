import glp from 'google-libphonenumber';
import examples from 'libphonenumber-js/mobile/examples';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/privacy/redaction/redact.ts';

/*
 * Phone numbers generated from two independent sources: Google's libphonenumber (every region,
 * every number type it has an example for, and the non-geographic calling codes) and
 * libphonenumber-js's own examples, each printed in every format the libraries print (E.164,
 * INTERNATIONAL, NATIONAL, RFC 3966) and in variants with spaces, dashes, dots and parentheses.
 */
/** The library's methods that @types/google-libphonenumber does not declare. */
interface FullPhoneNumberUtil extends glp.PhoneNumberUtil {
  getSupportedTypesForRegion(region: string): glp.PhoneNumberType[];
  getSupportedGlobalNetworkCallingCodes(): number[];
  getExampleNumberForNonGeoEntity(callingCode: number): glp.PhoneNumber;
}
const util = glp.PhoneNumberUtil.getInstance() as FullPhoneNumberUtil;
const FORMATS = {
  E164: glp.PhoneNumberFormat.E164,
  INTERNATIONAL: glp.PhoneNumberFormat.INTERNATIONAL,
  NATIONAL: glp.PhoneNumberFormat.NATIONAL,
  RFC3966: glp.PhoneNumberFormat.RFC3966,
};
const TYPE_NAMES = Object.fromEntries(Object.entries(glp.PhoneNumberType).map(([name, value]) => [value, name]));

interface Sample {
  label: string;
  text: string;
  format: keyof typeof FORMATS;
  /** The last digits, that must be gone once redacted. */
  tail: string;
}

/** The number as printed, then with its separators replaced by -, . and spaces, and its first group in parentheses. */
function variants(printed: string): string[] {
  const out = new Set([printed, printed.replace(/ /g, '-'), printed.replace(/[ -]/g, '.'), printed.replace(/-/g, ' ')]);
  const grouped = /^(\+?\d+)[ -](\d+)(.*)$/.exec(printed);
  if (grouped) out.add(`${grouped[1]} (${grouped[2]})${grouped[3]}`);
  return [...out];
}

function samples(): Sample[] {
  const numbers: { label: string; number: glp.PhoneNumber }[] = [];
  for (const region of util.getSupportedRegions()) {
    for (const type of util.getSupportedTypesForRegion(region)) {
      const number = util.getExampleNumberForType(region, type);
      if (number) numbers.push({ label: `${region} ${TYPE_NAMES[type]}`, number });
    }
  }
  for (const code of util.getSupportedGlobalNetworkCallingCodes()) numbers.push({ label: `+${code}`, number: util.getExampleNumberForNonGeoEntity(code) });
  const out: Sample[] = [];
  for (const { label, number } of numbers) {
    const tail = String(number.getNationalNumber()).slice(-4);
    for (const [format, id] of Object.entries(FORMATS) as [keyof typeof FORMATS, glp.PhoneNumberFormat][]) {
      const printed = util.format(number, id);
      for (const text of format === 'E164' || format === 'RFC3966' ? [printed] : variants(printed))
        out.push({ label: `${label} ${format}`, text, format, tail });
    }
  }
  for (const region of getCountries()) {
    const example = getExampleNumber(region, examples);
    if (!example) continue;
    const tail = example.nationalNumber.slice(-4);
    for (const format of ['E.164', 'INTERNATIONAL', 'NATIONAL', 'RFC3966'] as const) {
      const printed = example.format(format);
      const kind = format === 'E.164' ? 'E164' : format;
      for (const text of kind === 'E164' || kind === 'RFC3966' ? [printed] : variants(printed))
        out.push({ label: `${region} mobile (libphonenumber-js) ${kind}`, text, format: kind, tail });
    }
  }
  return out;
}

/**
 * What the detector leaves alone on purpose, because nothing tells these apart from counts,
 * decimals, times or addresses in a log line:
 * - a national number of fewer than 7 digits (`712 345`, `20 12 34`: Andorra, Faroe Islands, small islands);
 * - a national number printed as a bare run of digits without trunk prefix 0 (`71234567`), unless a
 *   word such as "phone" or "tél." stands right before it (tested below);
 * - a `+` number of fewer than 7 digits in all (`+98 (9601)`);
 * - the national format of a non-geographic number (`+878 …`: there is no region it is national in);
 * - a dotted variant that reads as a decimal (`800.123456`) or a valid IPv4 address (`20.49.12.34`).
 */
function excluded(sample: Sample): boolean {
  const digits = sample.text.replace(/\D/g, '');
  if (sample.format === 'NATIONAL' && digits.length < 7) return true;
  if (sample.format === 'NATIONAL' && /^[1-9]\d*$/.test(sample.text)) return true;
  if (sample.text.startsWith('+') && digits.length < 7) return true;
  if (sample.format === 'NATIONAL' && sample.label.startsWith('+')) return true;
  if (/^[1-9]\d*\.\d+$/.test(sample.text)) return true;
  const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
  return new RegExp(`^\\+?${octet}(?:\\.${octet}){3}$`).test(sample.text);
}

describe('phone numbers of every region, in every format', () => {
  const all = samples();

  it('generates thousands of numbers in all four formats', () => {
    expect(all.length).toBeGreaterThan(10_000);
    for (const format of Object.keys(FORMATS)) expect(all.filter((s) => s.format === format).length, format).toBeGreaterThan(1000);
  });

  it('redacts every one of them, inside a sentence, except the documented exclusions', () => {
    const leaked: string[] = [];
    let checked = 0;
    for (const sample of all) {
      if (excluded(sample)) continue;
      checked++;
      const out = redactText(`value ${sample.text} end`);
      if (!out.includes('[phone]') || out.includes(sample.tail)) leaked.push(`${sample.label}: ${sample.text} -> ${out}`);
    }
    expect(leaked).toEqual([]);
    expect(checked / all.length).toBeGreaterThan(0.95);
  });

  it('redacts a bare national number when a phone word stands before it', () => {
    for (const [text, expected] of [
      ['phone 71234567', 'phone [phone]'],
      ['tél. : 8000000', 'tél. : [phone]'],
      ['Key (phone)=(630123456) already exists', 'Key (phone)=([phone]) already exists'],
    ]) {
      expect(redactText(text!)).toBe(expected);
    }
  });

  it('each generated number is one the library itself can parse', () => {
    const parsed = all.filter((s) => s.format === 'E164').filter((s) => parsePhoneNumberFromString(s.text)?.isPossible());
    expect(parsed.length / all.filter((s) => s.format === 'E164').length).toBeGreaterThan(0.95);
  });
});

describe('the phone numbers of the report (issue 7)', () => {
  it('keeps the tel: scheme of an RFC 3966 number', () => {
    expect(redactText('see tel:+33-6-12-34-56-78')).toBe('see tel:[phone]');
  });

  it.each([
    '+1 (613) 555-0142',
    '+55 (11) 5555-0199',
    '+61 (03) 9555 0123',
    '1 (416) 555-0175',
    '416-555-0199',
    '(416) 555-0199',
    '416.555.0199',
    '416 555 0199',
    '020 7946 0958',
    '07700 900123',
    '(020) 7946-0958',
    '030 12345678',
    '030/12345678',
    '0151 23456789',
    '+49 (0)30 12345678',
    '0033 6 12 34 56 78',
    '011 33 6 12 34 56 78',
    '06.12.34.56.78',
    '0612345678',
  ])('%s', (phone) => {
    expect(redactText(`cannot cast '${phone}' to integer`)).toBe("cannot cast '[phone]' to integer");
  });
});
