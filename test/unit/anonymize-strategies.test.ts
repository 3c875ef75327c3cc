import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { PersonalColumnRule } from '../../src/config/sections/privacy.ts';
import { fakeValue, digits } from '../../src/privacy/anonymize/fake-values.ts';
import { SeededFaker } from '../../src/privacy/anonymize/seeded-faker.ts';
import { Strategies, valueText, type ColumnShape } from '../../src/privacy/anonymize/strategies.ts';
import { PrivacyKey } from '../../src/privacy/privacy-key.ts';
import { ibanValid, luhnValid, nirValid } from '../../src/privacy/redaction/checksums.ts';
import { classifyValue } from '../../src/privacy/redaction/redact.ts';

const key = PrivacyKey.fromEnv({ DIHYA_PRIVACY_KEY: 'unit-test-key-0123456789' }, 'test');
const otherKey = PrivacyKey.fromEnv({ DIHYA_PRIVACY_KEY: 'another-key-9876543210' }, 'test');
const faker = new SeededFaker('fr');
const strategies = new Strategies(key, faker, 'fr');
const shape = (rule: PersonalColumnRule, extra: Partial<ColumnShape> = {}): ColumnShape => ({ entry: 't.c', rule, numeric: false, ...extra });
const context = (n: number, maxLength?: number) => ({ seed: key.digest('t', String(n)), faker, locale: 'fr' as const, ...(maxLength ? { maxLength } : {}) });

describe('the privacy key', () => {
  it('is required, long enough, and never shown', () => {
    expect(() => PrivacyKey.fromEnv({}, 'anonymize')).toThrow(/DIHYA_PRIVACY_KEY is not set/);
    expect(() => PrivacyKey.fromEnv({ DIHYA_PRIVACY_KEY: 'short' }, 'anonymize')).toThrow(/at least 16/);
    expect(String(key)).toBe('PrivacyKey(***)');
    expect(JSON.stringify({ key })).toBe('{"key":"PrivacyKey(***)"}');
    expect(key.check()).toHaveLength(16);
    expect(key.check()).not.toBe(otherKey.check());
    expect(key.subjectId('customer', '42')).toBe(key.subjectId('customer', '42'));
    expect(key.subjectId('customer', '42')).not.toBe(otherKey.subjectId('customer', '42'));
  });
});

describe('fake values are format-valid and deterministic', () => {
  it('e-mails on reserved domains, unique per value', () => {
    const fakes = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const fake = fakeValue('email', `person${i}@corp.fr`, context(i));
      expect(fake).toMatch(/^[a-z]+(\.[a-z]+)*\.[0-9a-f]{12}@example\.(com|org|net)$/);
      expect(classifyValue(fake)).toBe('email');
      fakes.add(fake);
    }
    expect(fakes.size).toBe(500);
    expect(fakeValue('email', 'a@b.fr', context(1))).toBe(fakeValue('email', 'a@b.fr', context(1)));
    expect(fakeValue('email', 'a@b.fr', context(1, 20))).toMatch(/^u[0-9a-f]+@x\.invalid$/);
    expect(fakeValue('email', 'a@b.fr', context(1, 30)).length).toBeLessThanOrEqual(30);
  });

  it('phone numbers valid in the original’s region, written like the original', () => {
    for (const [original, region] of [
      ['+33 6 12 34 56 78', 'FR'],
      ['+33612345678', 'FR'],
      ['06 12 34 56 78', 'FR'],
      ['0612345678', 'FR'],
      ['+1 416-555-0199', 'CA'],
      ['(201) 555-0123', 'US'],
      ['+49 30 123456', 'DE'],
      ['020 7946 0958', 'GB'],
      ['not a phone', 'FR'],
    ] as const) {
      for (let i = 0; i < 20; i++) {
        const fake = fakeValue('phone', original, context(i));
        const parsed = parsePhoneNumberFromString(fake, region);
        expect(parsed?.isValid(), `${original} -> ${fake}`).toBe(true);
        expect(parsed?.country === region || parsed?.countryCallingCode === parsePhoneNumberFromString('+1 416 555 0199')!.countryCallingCode).toBe(true);
        if (original.startsWith('+')) expect(fake.startsWith('+')).toBe(true);
        if (/^\d+$/.test(original)) expect(fake).toMatch(/^\d+$/);
      }
    }
    expect(isValidPhoneNumber(fakeValue('phone', '+33 6 12 34 56 78', context(3)))).toBe(true);
  });

  it('IBANs pass mod 97, keep the country and the written form', () => {
    for (const original of ['FR76 3000 6000 0112 3456 7890 189', 'DE89370400440532013000', 'gb82-west-1234-5698-7654-32', 'XX00 nonsense']) {
      for (let i = 0; i < 30; i++) {
        const fake = fakeValue('iban', original, context(i));
        expect(ibanValid(fake), fake).toBe(true);
        if (original.startsWith('DE')) expect(fake).toMatch(/^DE\d{20}$/);
        if (original.startsWith('FR')) expect(fake).toMatch(/^FR\d{2}( [0-9A-Z]{4}){5} [0-9A-Z]{3}$/);
        if (original.startsWith('gb')) expect(fake).toMatch(/^gb\d{2}-[a-z]{4}(-\d{4}){3}-\d{2}$/);
        if (original.startsWith('XX')) expect(fake.slice(0, 2)).toBe('FR');
      }
    }
  });

  it('card numbers pass Luhn with the original’s length, first digit and separators', () => {
    for (const original of ['4111 1111 1111 1111', '5555555555554444', '2221-0000-0000-0009', '378282246310005', '12']) {
      for (let i = 0; i < 30; i++) {
        const fake = fakeValue('card', original, context(i));
        const d = fake.replace(/\D/g, '');
        expect(luhnValid(d), fake).toBe(true);
        if (original.length > 2) {
          expect(d[0]).toBe(original[0]);
          expect(fake.replace(/\d/g, '0')).toBe(original.replace(/\d/g, '0'));
        } else expect(d).toHaveLength(16);
      }
    }
  });

  it('NIRs with a valid key, written like the original', () => {
    for (const original of ['1 85 05 78 006 084 91', '285052A00608482']) {
      for (let i = 0; i < 50; i++) {
        const fake = fakeValue('nir', original, context(i));
        expect(nirValid(fake), fake).toBe(true);
        expect(/\s/.test(fake)).toBe(/\s/.test(original));
      }
    }
  });

  it('names, addresses, cities, postcodes, dates, IPs, text and others', () => {
    expect(fakeValue('first_name', 'Amina', context(1))).toMatch(/^\p{L}/u);
    expect(fakeValue('last_name', 'Benali', context(1))).toMatch(/^\p{L}/u);
    expect(fakeValue('name', 'Amina Benali', context(1))).toMatch(/^\S+ \S+/);
    expect(fakeValue('address', '3 rue X', context(1))).toMatch(/\d/);
    expect(fakeValue('city', 'Lyon', context(1)).length).toBeGreaterThan(1);
    expect(fakeValue('postcode', '75011', context(1))).toMatch(/^\d{5}$/);
    expect(fakeValue('postcode', 'SW1A 1AA', context(1)).length).toBeGreaterThan(2);
    expect(fakeValue('birth_date', '1985-03-12', context(1))).toMatch(/^(19[4-9]\d|200[0-5])-\d{2}-\d{2}$/);
    expect(fakeValue('date', '2026-01-02 10:00:00', context(1))).toMatch(/^\d{4}-\d{2}-\d{2} 10:00:00$/);
    expect(fakeValue('date', 'yesterday', context(1))).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(fakeValue('ip', '10.1.2.3', context(1))).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
    expect(fakeValue('ip', 'fe80::1', context(1))).toMatch(/^2001:db8:/);
    expect(fakeValue('text', 'call me', context(1)).length).toBeGreaterThan(3);
    expect(fakeValue('other', 'x', context(1))).toMatch(/^x[0-9a-f]{16}$/);
    expect(fakeValue('text', 'call me', context(1, 5))).toHaveLength(5);
    expect(fakeValue('phone', '+33 6 12 34 56 78', context(1, 12))).toMatch(/^\+33\d{9}$/);
    expect(digits(Buffer.alloc(4, 255), 10)).toMatch(/^\d{10}$/);
  });
});

describe('strategies', () => {
  it('hash: keyed, cut to the column, different per key', () => {
    const out = strategies.apply(shape({ kind: 'email', strategy: 'hash' }), 'a@b.fr') as string;
    expect(out).toMatch(/^[0-9a-f]{64}$/);
    expect(strategies.apply(shape({ kind: 'email', strategy: 'hash' }, { maxLength: 20 }), 'a@b.fr')).toBe(out.slice(0, 20));
    expect(new Strategies(otherKey, faker).apply(shape({ kind: 'email', strategy: 'hash' }), 'a@b.fr')).not.toBe(out);
    expect(strategies.apply(shape({ kind: 'email', strategy: 'hash' }), 'a@b.fr', 1)).not.toBe(out);
  });

  it('null, constant, keep, and null values', () => {
    expect(strategies.apply(shape({ kind: 'text', strategy: 'null' }), 'x')).toBeNull();
    expect(strategies.apply(shape({ kind: 'text', strategy: 'constant', value: 'redacted' }), 'x')).toBe('redacted');
    expect(strategies.apply(shape({ kind: 'text', strategy: 'constant', value: null }), 'x')).toBeNull();
    expect(strategies.apply(shape({ kind: 'text', strategy: 'keep' }), 'x')).toBe('x');
    expect(strategies.apply(shape({ kind: 'email', strategy: 'fake' }), null)).toBeNull();
    expect(strategies.apply(shape({ kind: 'email', strategy: 'fake' }), undefined)).toBeUndefined();
  });

  it('shift: a deterministic, non-zero offset within the bound, dates and text alike', () => {
    const rule: PersonalColumnRule = { kind: 'date', strategy: 'shift', days: 10 };
    const date = new Date('2026-03-15T00:00:00Z');
    const moved = strategies.apply(shape(rule), date) as Date;
    const days = Math.abs(moved.getTime() - date.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(1);
    expect(days).toBeLessThanOrEqual(10);
    expect(strategies.apply(shape(rule), date)).toEqual(moved);
    expect(strategies.apply(shape(rule), '2026-03-15')).toMatch(/^2026-0[23]-\d{2}$/);
    expect(() => strategies.apply(shape(rule), 'not a date')).toThrow(/not a date/);
  });

  it('generalize: year, postcode prefix, network', () => {
    expect(strategies.apply(shape({ kind: 'birth_date', strategy: 'generalize' }), '1985-03-12')).toBe('1985-01-01');
    expect(strategies.apply(shape({ kind: 'birth_date', strategy: 'generalize' }), '1985-03-12 10:11:12')).toBe('1985-01-01 00:00:00');
    expect(strategies.apply(shape({ kind: 'birth_date', strategy: 'generalize' }), new Date(1985, 2, 12))).toEqual(new Date(1985, 0, 1));
    expect(strategies.apply(shape({ kind: 'birth_date', strategy: 'generalize' }), 'March 12, 1985')).toBe('1985');
    expect(() => strategies.apply(shape({ kind: 'date', strategy: 'generalize' }), 'never')).toThrow(/not a date/);
    expect(strategies.apply(shape({ kind: 'postcode', strategy: 'generalize' }), '75011')).toBe('75000');
    expect(strategies.apply(shape({ kind: 'postcode', strategy: 'generalize', keep: 3 }), 'SW1A 1AA')).toBe('SW1X 0XX');
    expect(strategies.apply(shape({ kind: 'postcode', strategy: 'generalize' }), 75011)).toBe(75000);
    expect(strategies.apply(shape({ kind: 'ip', strategy: 'generalize' }), '192.168.1.77')).toBe('192.168.1.0');
    expect(strategies.apply(shape({ kind: 'ip', strategy: 'generalize' }), '2001:db8:1:2:3::4')).toBe('2001:db8:1::');
  });

  it('fake into number columns and dates', () => {
    const n = strategies.apply(shape({ kind: 'phone', strategy: 'fake' }, { numeric: true }), 33612345678);
    expect(typeof n).toBe('number');
    expect(typeof strategies.apply(shape({ kind: 'card', strategy: 'fake' }), 4111111111111111n)).toBe('string');
    expect(strategies.apply(shape({ kind: 'other', strategy: 'fake' }, { numeric: true }), 5)).toEqual(expect.any(Number));
    expect(strategies.apply(shape({ kind: 'birth_date', strategy: 'fake' }), new Date('1985-03-12T00:00:00Z'))).toBeInstanceOf(Date);
  });

  it('values as text', () => {
    expect(valueText(new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(valueText(Buffer.from('hi'))).toBe('aGk=');
    expect(valueText(42)).toBe('42');
    expect(strategies.fingerprint('x')).toBe(strategies.fingerprint('x'));
  });
});

describe('the keyed hash', () => {
  it('is HMAC-SHA256 (RFC 2104), long keys included', async () => {
    const { createHmac } = await import('node:crypto');
    for (const secret of ['unit-test-key-0123456789', 'k'.repeat(100)]) {
      const k = PrivacyKey.fromEnv({ DIHYA_PRIVACY_KEY: secret }, 'test');
      expect(k.digest('purpose', 'value')).toEqual(createHmac('sha256', secret).update('purpose').update('\u0000').update('value').digest());
    }
  });
});

describe('seeded faker and checksums', () => {
  it('follows faker’s own seeding too', () => {
    const seeded = new SeededFaker('en').with(Buffer.alloc(32, 1));
    seeded.seed([1, 2, 3, 4]);
    const a = seeded.person.firstName();
    seeded.seed(7);
    expect(typeof a).toBe('string');
  });

  it('checks cards, IBANs and NIRs', () => {
    expect(luhnValid('4111-1111')).toBe(false);
    expect(nirValid('1 85 05 78 006 084')).toBe(true);
    expect(nirValid('3850578006084')).toBe(false);
    expect(ibanValid('FR76')).toBe(false);
  });
});
