import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from '../../src/privacy/redaction/redact.ts';
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

  it('redacts inside nested objects', () => {
    expect(redactDeep({ a: [{ b: `x ${CANARIES.email}` }], n: 3 })).toEqual({ a: [{ b: 'x [email]' }], n: 3 });
  });
});
