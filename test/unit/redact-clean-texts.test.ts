import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/privacy/redaction/redact.ts';

describe('texts with nothing to hide, remembered', () => {
  it('answers the same whether a text was seen before or not, also past the limit of texts remembered', () => {
    const clean = Array.from({ length: 700 }, (_, i) => `step ${i} of the run`);
    for (const text of clean) expect(redactText(text)).toBe(text);
    for (const text of clean.slice(-50)) expect(redactText(text)).toBe(text);
    expect(redactText('write to ana.martin@corp.fr')).toBe('write to [email]');
    expect(redactText('write to ana.martin@corp.fr')).toBe('write to [email]');
    expect(redactText(clean[0]!)).toBe(clean[0]);
  });
});
