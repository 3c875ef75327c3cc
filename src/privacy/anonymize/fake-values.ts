import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as PhoneLibrary from 'libphonenumber-js/max';
import type { CountryCode, Examples, PhoneNumber } from 'libphonenumber-js/max';
import type { PersonalKind } from '../../config/sections/privacy.ts';
import { ibanCheckDigits, luhnCheckDigit, nirKey } from '../redaction/checksums.ts';
import { IBAN_LENGTHS } from '../redaction/iban-lengths.ts';
import type { SeededFaker } from './seeded-faker.ts';

/** Domains reserved for examples (RFC 2606): no one receives mail there. */
const RESERVED_DOMAINS = ['example.com', 'example.org', 'example.net'];
/** Regions a national phone number is tried in before falling back to the default one. */
const LIKELY_REGIONS: CountryCode[] = ['FR', 'US', 'GB', 'DE', 'BE', 'CH', 'CA', 'ES', 'IT', 'NL', 'MA', 'DZ', 'TN'];

/** What a fake needs besides the value: its seed (a keyed HMAC), the fake-data language and the column's room. */
export interface FakeContext {
  seed: Buffer;
  faker: SeededFaker;
  locale: 'en' | 'fr';
  /** The column's longest text, when bounded. */
  maxLength?: number;
}

/**
 * A realistic, format-valid stand-in for `original`, derived only from the seed: e-mails on
 * reserved domains, valid phone numbers of the original's region (from libphonenumber-js
 * examples), IBANs that pass mod 97, Luhn-valid card numbers, NIRs with a valid key, names and
 * addresses from @faker-js/faker. The written form follows the original's (separators, case).
 *
 * @example
 * fakeValue('email', 'alice@corp.fr', context)   // 'mathis.robin.4f2a9c1e@example.org'
 * fakeValue('iban', 'FR76 3000 …', context)       // 'FR12 8431 …' (mod 97 valid)
 */
export function fakeValue(kind: PersonalKind, original: string, context: FakeContext): string {
  const out = FAKERS[kind](original, context);
  return context.maxLength !== undefined && out.length > context.maxLength ? shorten(kind, out, context) : out;
}

type Generator = (original: string, context: FakeContext) => string;

const FAKERS: Record<PersonalKind, Generator> = {
  email: (_original, { seed, faker }) => {
    const f = faker.with(seed);
    const local = `${ascii(f.person.firstName())}.${ascii(f.person.lastName())}`.replace(/^\.|\.$/g, '') || 'person';
    return `${local}.${seed.subarray(16, 22).toString('hex')}@${RESERVED_DOMAINS[seed[22]! % RESERVED_DOMAINS.length]}`;
  },
  phone: fakePhone,
  iban: fakeIban,
  card: fakeCard,
  nir: fakeNir,
  first_name: (_o, { seed, faker }) => faker.with(seed).person.firstName(),
  last_name: (_o, { seed, faker }) => faker.with(seed).person.lastName(),
  name: (_o, { seed, faker }) => {
    const f = faker.with(seed);
    return `${f.person.firstName()} ${f.person.lastName()}`;
  },
  address: (_o, { seed, faker }) => faker.with(seed).location.streetAddress(),
  city: (_o, { seed, faker }) => faker.with(seed).location.city(),
  postcode: (original, { seed, faker }) => (/^\d+$/.test(original) ? digits(seed, original.length) : faker.with(seed).location.zipCode()),
  birth_date: (original, { seed }) => fakeDate(original, seed, Date.UTC(1940, 0, 1), Date.UTC(2006, 0, 1)),
  date: (original, { seed }) => fakeDate(original, seed, Date.UTC(1990, 0, 1), Date.UTC(2030, 0, 1)),
  ip: (original, { seed }) =>
    original.includes(':')
      ? `2001:db8:${seed.subarray(0, 2).toString('hex')}:${seed.subarray(2, 4).toString('hex')}::${seed.subarray(4, 6).toString('hex')}`
      : `${['192.0.2', '198.51.100', '203.0.113'][seed[0]! % 3]}.${1 + (seed[1]! % 254)}`,
  text: (_o, { seed, faker }) => faker.with(seed).lorem.sentence(),
  other: (_o, { seed }) => `x${seed.subarray(0, 8).toString('hex')}`,
};

/** Too long for the column: the shortest form of the same kind, then a plain cut. */
function shorten(kind: PersonalKind, value: string, context: FakeContext): string {
  const max = context.maxLength!;
  if (kind === 'email') {
    const hex = context.seed.subarray(16, 28).toString('hex');
    for (const domain of ['example.com', 'x.invalid']) {
      const room = max - domain.length - 2;
      if (room >= 8) return `u${hex.slice(0, Math.min(room, hex.length))}@${domain}`;
    }
  }
  if (kind === 'phone' || kind === 'card' || kind === 'iban' || kind === 'nir') {
    const compact = value.replace(/[\s.()-]/g, '');
    if (compact.length <= max) return compact;
  }
  return value.slice(0, max);
}

/** The first `n` decimal digits drawn from the seed (stretched with SHA-256 when it runs out). */
export function digits(seed: Buffer, n: number): string {
  let out = '';
  let block = seed;
  while (out.length < n) {
    // Two digits per byte below 200 (unbiased), one per byte 200-249.
    for (const byte of block) {
      if (byte < 200) out += String(byte % 100).padStart(2, '0');
      else if (byte < 250) out += String(byte % 10);
      if (out.length >= n) break;
    }
    block = createHash('sha256').update(block).digest();
  }
  return out.slice(0, n);
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Writes `fresh` (digits and letters) into the shape of `template`: same separators at the same places. */
function likeTemplate(template: string, fresh: string): string {
  const slots = template.replace(/[^A-Za-z0-9]/g, '').length;
  if (slots !== fresh.length) return fresh;
  let i = 0;
  return template.replace(/[A-Za-z0-9]/g, () => fresh[i++]!);
}

const exampleCache = new Map<CountryCode, PhoneNumber | undefined>();

/** libphonenumber-js and its example numbers, loaded on first use (not at the CLI's start). */
let phones: { library: typeof PhoneLibrary; examples: Examples } | undefined;
function phoneLibrary(): { library: typeof PhoneLibrary; examples: Examples } {
  const load = createRequire(import.meta.url);
  phones ??= { library: load('libphonenumber-js/max') as typeof PhoneLibrary, examples: load('libphonenumber-js/mobile/examples') as Examples };
  return phones;
}

function fakePhone(original: string, context: FakeContext): string {
  const {
    library: { getExampleNumber, isValidPhoneNumber, parsePhoneNumberFromString },
    examples,
  } = phoneLibrary();
  const parsed = regionOf(original, context.locale);
  const region = parsed?.country ?? (context.locale === 'fr' ? 'FR' : 'US');
  if (!exampleCache.has(region)) exampleCache.set(region, getExampleNumber(region, examples));
  const example = exampleCache.get(region) ?? getExampleNumber('FR', examples)!;
  const national = example.nationalNumber;
  const keep = example.countryCallingCode === '1' ? 3 : Math.min(2, national.length - 4);
  let seed = context.seed;
  for (let attempt = 0; attempt < 30; attempt++) {
    const candidate = `+${example.countryCallingCode}${national.slice(0, keep)}${digits(seed, national.length - keep)}`;
    if (isValidPhoneNumber(candidate)) return formatLike(original, parsePhoneNumberFromString(candidate)!);
    seed = createHash('sha256').update(seed).digest();
  }
  return formatLike(original, example);
}

/** The original's region: from its calling code when international, else the first likely region it is valid in. */
function regionOf(original: string, locale: 'en' | 'fr'): PhoneNumber | undefined {
  const { parsePhoneNumberFromString } = phoneLibrary().library;
  const international = original.trim().replace(/^00/, '+');
  if (international.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(international);
    return parsed?.country ? parsed : undefined;
  }
  const regions: CountryCode[] = [locale === 'fr' ? 'FR' : 'US', ...LIKELY_REGIONS];
  for (const region of regions) {
    const parsed = parsePhoneNumberFromString(original, region);
    if (parsed?.isValid()) return parsed;
  }
  return undefined;
}

function formatLike(original: string, number: PhoneNumber): string {
  const trimmed = original.trim();
  if (/^\d+$/.test(trimmed)) return trimmed.startsWith('0') || trimmed.length < 11 ? number.format('NATIONAL').replace(/\D/g, '') : number.number.slice(1);
  if (/^(\+|00)/.test(trimmed)) return /[\s.-]/.test(trimmed) ? number.format('INTERNATIONAL') : number.number;
  return number.format('NATIONAL');
}

function fakeIban(original: string, { seed }: FakeContext): string {
  const compact = original.replace(/[\s-]/g, '').toUpperCase();
  const country = IBAN_LENGTHS[compact.slice(0, 2)] === compact.length ? compact.slice(0, 2) : 'FR';
  const template = country === compact.slice(0, 2) ? compact.slice(4) : '0'.repeat(IBAN_LENGTHS.FR! - 4);
  const numbers = digits(seed, template.length * 2);
  let bban = '';
  for (let i = 0; i < template.length; i++) {
    const n = Number(numbers.slice(i * 2, i * 2 + 2));
    bban += /[A-Z]/.test(template[i]!) ? String.fromCharCode(65 + (n % 26)) : String(n % 10);
  }
  const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
  const shaped = /\s/.test(original) ? iban.replace(/(.{4})(?=.)/g, '$1 ') : /-/.test(original) ? iban.replace(/(.{4})(?=.)/g, '$1-') : iban;
  return original === original.toLowerCase() && /[a-z]/.test(original) ? shaped.toLowerCase() : shaped;
}

function fakeCard(original: string, { seed }: FakeContext): string {
  const present = original.replace(/\D/g, '');
  const length = present.length >= 13 && present.length <= 19 ? present.length : 16;
  const first = /^[2-6]/.test(present) ? present[0]! : '4';
  const body = `${first}${digits(seed, length - 2)}`;
  return likeTemplate(present.length === length ? original : '', `${body}${luhnCheckDigit(body)}`);
}

function fakeNir(original: string, { seed }: FakeContext): string {
  const d = digits(seed, 16);
  const n = (from: number, to: number, min: number, max: number) => String(min + (Number(d.slice(from, to)) % (max - min + 1))).padStart(to - from, '0');
  let department = n(5, 7, 1, 95);
  if (department === '20') department = '21';
  const body = `${1 + (Number(d[0]) % 2)}${n(1, 3, 0, 99)}${n(3, 5, 1, 12)}${department}${n(7, 10, 1, 990)}${n(10, 13, 1, 999)}`;
  const nir = `${body}${String(nirKey(body)).padStart(2, '0')}`;
  return /[\s-]/.test(original) ? likeTemplate(original.replace(/[^0-9A-Za-z\s-]/g, ''), nir) : nir;
}

/** A date between `from` and `to` (ms), written like the original (a date, or a date and time). */
function fakeDate(original: string, seed: Buffer, from: number, to: number): string {
  const day = 86_400_000;
  const when = from + (seed.readUInt32BE(0) % Math.floor((to - from) / day)) * day;
  return writeDateLike(original, new Date(when));
}

/**
 * `date` written in the form of `original`: `YYYY-MM-DD`, with the original's time part kept, or ISO.
 *
 * @example
 * writeDateLike('1985-03-12', new Date(Date.UTC(1985, 0, 1))) // '1985-01-01'
 */
export function writeDateLike(original: string, date: Date): string {
  const iso = date.toISOString();
  const match = /^\d{4}-\d{2}-\d{2}(.*)$/.exec(original);
  if (!match) return iso;
  return `${iso.slice(0, 10)}${match[1]}`;
}
