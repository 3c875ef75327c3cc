import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid } from '../../src/privacy/redaction/checksums.ts';
import { classifyValue, personalKindsIn, redactDeep, redactText } from '../../src/privacy/redaction/redact.ts';
import { CANARIES } from '../helpers/canaries.ts';

describe('redactText', () => {
  it('hides every kind of personal value', () => {
    for (const [kind, value] of Object.entries(CANARIES)) {
      if (kind === 'password') continue;
      const out = redactText(`before ${value} after`);
      expect(out, kind).not.toContain(value);
      expect(out, kind).toMatch(/^before \[\w+\] after$/);
    }
  });

  it('hides passwords in URLs and key=value pairs but keeps the rest', () => {
    expect(redactText(`postgres://app:${CANARIES.password}@db:5432/shop`)).toBe('postgres://app:***@db:5432/shop');
    expect(redactText(`password=${CANARIES.password} host=db`)).toBe('password=*** host=db');
    expect(redactText('mysql://app:p@ss:w0rd@db:3306/shop failed')).toBe('mysql://app:***@db:3306/shop failed');
    expect(redactText(`{"token": "${CANARIES.password}"}`)).not.toContain(CANARIES.password);
  });

  it('leaves versions, checksums, timestamps, durations and counts alone', () => {
    const text =
      '20261127061249_add_email applied at 2026-11-27T06:12:49.999Z in 1234 ms by root@vm, ' +
      'checksum 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, 1000000 rows, pid 123456, port 5432';
    expect(redactText(text)).toBe(text);
  });

  it.each([
    ['a migration version', '20261127061249'],
    ['a version in a file name', 'migrations/20261127061249_add_phone.ts'],
    ['ISO timestamps', '2026-11-27T06:12:49.999Z, 2026-11-27T06:12:49+02:00, 2026-11-27 06:12:49, 2026-11-27'],
    ['backup and run ids', '20261127T061249123Z-before-up run-20261127T061249123Z-a1b2c3'],
    ['durations', '1234 ms, 1234567 ms, 12.5 s, 3 min, 1 000 000 rows'],
    ['sizes', '12.5 MiB, 1048576 bytes, 3.2 GiB, 4165550199 B'],
    ['a SHA-256 hash', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a hash of digits mostly', 'sha 0123456789012345678901234567890123456789012345678901234567890123'],
    ['UUIDs', '550e8400-e29b-41d4-a716-446655440000 123e4567-e89b-12d3-a456-426614174000'],
    ['row counts', '1000000 rows, 25000000 lignes, rowCounts {"customers": 1234567}'],
    ['line numbers', 'line 1234, at migrations/x.sql:1234:56'],
    ['ports', 'port 5432, 127.0.0.1:3306, localhost:65535'],
    ['IPv4 addresses', '192.168.100.200, 10.0.0.1, 255.255.255.255'],
    ['semver strings', 'dihya-migrate 0.1.0, node v24.21.0, 1.13.16, 10.4.0-beta.1'],
    ['dates', '27.11.2026, 27/11/2026, 2026/11/27, 2026.11.27'],
    ['JSON numbers', '{"totalSize": 41655501, "durationMs": 1234567, "bytes": 4165550199}'],
    ['decimals', 'ratio 1234.5678, took 0.000123456'],
    ['pids and counts', 'pid 123456, 42 migrations, 7 tables'],
    ['user@host', 'applied by root@vm and ops@old'],
  ])('leaves %s alone', (_what, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('redacts inside nested objects', () => {
    expect(redactDeep({ a: [{ b: `x ${CANARIES.email}` }], n: 3 })).toEqual({ a: [{ b: 'x [email]' }], n: 3 });
  });

  it('redacts keys too (row counts keyed by table name), adding up counts whose keys become the same', () => {
    expect(redactDeep({ rowCounts: { export_4111111111111111: 2, export_5555555555554444: 3, orders: 7 } })).toEqual({
      rowCounts: { 'export_[card]': 5, orders: 7 },
    });
    expect(redactDeep({ [`to ${CANARIES.email}`]: 'a', 'to other@example-mail.org': 'b' })).toEqual({ 'to [email]': 'a', 'to [email] (2)': 'b' });
  });

  it("leaves a manifest's and an audit entry's own fields alone: versions, timestamps, durations, sizes, hashes, UUIDs, row counts", () => {
    const manifest = {
      format: 1,
      id: '20261203T143821123Z-run-3f9a',
      createdAt: '2026-12-03T14:38:21.123Z',
      reason: 'before up',
      run: 'run-20261203T143821120Z-a1b2c3',
      tool: 'dihya-migrate 0.1.0',
      dialect: 'postgres',
      target: 'postgres://app:***@127.0.0.1:5432/shop',
      targetKey: 'postgres-shop-1a2b3c4d',
      method: 'pg_dump',
      files: [{ name: 'database.pgdump', size: 41655501, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }],
      totalSize: 41655501,
      rowCounts: { customers: 1234567, orders_2026: 25000000, dihya_migrations: 42 },
      schemaHash: '0123456789012345678901234567890123456789012345678901234567890123',
      lastApplied: '20261127061249',
      durationMs: 1234567,
      uuid: '550e8400-e29b-41d4-a716-446655440000',
      node: 'v24.21.0',
      elapsed: '12.5 s, 1 000 000 rows, 3.2 GiB',
    };
    expect(redactDeep(manifest)).toEqual(manifest);
  });
});

describe('the values issue 7 found passing', () => {
  const mastercard2 = (prefix: string) => {
    const body = `${prefix}${'0'.repeat(15 - prefix.length - 1)}1`;
    return `${body}${luhnCheckDigit(body)}`;
  };

  it('redacts Mastercard 2-series cards (2221-2720), not numbers outside that range', () => {
    for (const prefix of ['2221', '2500', '2720']) {
      const card = mastercard2(prefix);
      expect(luhnValid(card)).toBe(true);
      expect(redactText(`card ${card}`), card).toBe('card [card]');
      expect(redactText(`card ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`), card).toBe('card [card]');
    }
    const outside = mastercard2('2220');
    expect(redactText(`n ${outside}`)).toBe(`n ${outside}`);
  });

  it('redacts lowercase and dashed IBANs', () => {
    expect(redactText('iban fr76 3000 6000 0112 3456 7890 189')).toBe('iban [iban]');
    expect(redactText('iban FR76-3000-6000-0112-3456-7890-189')).toBe('iban [iban]');
    expect(redactText('iban de89370400440532013000')).toBe('iban [iban]');
    expect(redactText('iban GB82 WEST 1234 5698 7654 32')).toBe('iban [iban]');
    // Right shape, wrong checksum or wrong length for the country: not an IBAN.
    expect(redactText('code FR76 3000 6000 0112 3456 7890 188')).toBe('code FR76 3000 6000 0112 3456 7890 188');
    expect(redactText('id DE89370400440532013')).toBe('id DE89370400440532013');
  });

  it('redacts dashed and compact NIRs, Corsican ones too', () => {
    expect(redactText('nir 1-85-05-78-006-084-91')).toBe('nir [nir]');
    expect(redactText('nir 185057800608491')).toBe('nir [nir]');
    expect(redactText('nir 2 85 05 2A 006 084 82')).toBe('nir [nir]');
    expect(redactText('nir 185057800608492')).toBe('nir 185057800608492');
    // 13 digits with no key are a NIR only when written as one (a millisecond timestamp is not).
    expect(redactText('at 1764683872000')).toBe('at 1764683872000');
  });

  it.each([
    ['łukasz.wójcik@example.pl', '[email]'],
    ['Łukasz.Wójcik@exemple.pl and josé@bücher.de', '[email] and [email]'],
    ['"john doe"@example.com', '[email]'],
    ['"john.doe+tag"@example.com', '[email]'],
    ['?to=john%40example.com&x=1', '?to=[email]&x=1'],
    ['john.doe%40example.org', '[email]'],
    ['%C5%82ukasz%40example.pl', '[email]'],
    ['mailto:jane_doe@example.co.uk', 'mailto:[email]'],
    ['jane@xn--bcher-kva.de', '[email]'],
  ])('redacts the e-mail address in %s whole', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it.each([
    ['export_4111111111111111', 'export_[card]'],
    ['4111111111111111_export', '[card]_export'],
    ['backup_FR7630006000011234567890189', 'backup_[iban]'],
    ['t_185057800608491', 't_[nir]'],
    ['customer_0612345678_old', 'customer_[phone]_old'],
    ['export_+33612345678', 'export_[phone]'],
  ])('redacts the value joined by _ in %s and keeps the identifier readable', (text, expected) => {
    expect(redactText(`table ${text} created`)).toBe(`table ${expected} created`);
  });

  it('keeps SQL patterns, which are not values', () => {
    for (const sql of [
      "select * from customers where email like '%@gmail.com'",
      "where email LIKE '%@%.com' or email like '_%@example.%'",
      "where phone like '+33%' or phone like '06%'",
      "where email ilike '%@' || domain",
    ]) {
      expect(redactText(sql)).toBe(sql);
    }
    // A complete address inside a pattern is still an address.
    expect(redactText("where email like '%jane.doe@gmail.com%'")).toBe("where email like '%[email]%'");
  });
});

describe('detection helpers', () => {
  it('names the kinds a text holds', () => {
    expect(personalKindsIn("insert into t values ('ana@corp.fr', '06 12 34 56 78', 'FR76 3000 6000 0112 3456 7890 189')")).toEqual(['email', 'iban', 'phone']);
    expect(personalKindsIn('already [email] and ***')).toEqual([]);
    expect(personalKindsIn('password=hunter2')).toEqual(['secret']);
  });

  it('classifies a whole value', () => {
    expect(classifyValue(' +33 6 12 34 56 78 ')).toBe('phone');
    expect(classifyValue('4111 1111 1111 1111')).toBe('card');
    expect(classifyValue('call me at +33 6 12 34 56 78')).toBeUndefined();
    expect(classifyValue('Paris')).toBeUndefined();
  });
});

describe('speed on hostile input (no catastrophic backtracking)', () => {
  // No timing assertion: each input would take minutes with an exponential pattern; the test timeout catches that.
  it.each([
    ['dots before an @', 'a.'.repeat(20_000) + '@'],
    ['many @', '@'.repeat(50_000)],
    ['a long local part', 'a'.repeat(50_000) + '@b'],
    ['a long domain', 'x@' + 'a-'.repeat(20_000)],
    ['digit groups', '1 2 3 4 5 6 7 8 9 0 '.repeat(5_000)],
    ['plus signs', '+1 '.repeat(10_000)],
    ['parentheses', '(1) '.repeat(10_000)],
    ['IBAN-like runs', 'FR76 '.repeat(10_000)],
    ['card-like runs', '4111 '.repeat(10_000)],
  ])('%s', (_what, text) => {
    expect(typeof redactText(text)).toBe('string');
  });
});
