import { describe, expect, it } from 'vitest';
import { errorsFr } from '../../src/cli/i18n/errors-fr.ts';
import { en } from '../../src/cli/i18n/messages-en.ts';
import { fr } from '../../src/cli/i18n/messages-fr.ts';
import { AUDIT_DIVERGENCES, BUNDLE_PROBLEMS } from '../../src/errors/codes/dweb.ts';
import { USAGE_PROBLEMS } from '../../src/errors/codes/input.ts';
import { errorMessages, type ErrorCode } from '../../src/errors/error-messages.ts';

/** Values a detail or an argument can take in practice: every branch of a message meets one of them. */
const POOL: unknown[] = [
  undefined,
  'x',
  0,
  1,
  3,
  true,
  false,
  ['a', 'b'],
  [],
  'rolled-back',
  'restored',
  'partial',
  'lease',
  'session',
  'run',
  'migration',
  'yes',
  'no',
  'sql',
  'ts',
  'ok',
  'fail',
  'skip',
  'manual',
  'automatic',
  '-',
  '(whole database)',
  'up',
  'down',
];

/** Details whose value picks a text from a table: every entry of the table is rendered. */
const ENUMS: Record<string, readonly string[]> = { problem: BUNDLE_PROBLEMS, how: AUDIT_DIVERGENCES, usage: USAGE_PROBLEMS };

/** The values tried for one detail key. */
const valuesFor = (key: string): unknown[] => [...(ENUMS[key] ?? []), ...POOL];

/** The detail keys a message function reads (recorded through a proxy). */
function keysRead(render: (d: Record<string, unknown>) => unknown): string[] {
  const keys = new Set<string>();
  const proxy = new Proxy(
    {},
    {
      get: (_, key) => {
        if (typeof key === 'string') keys.add(key);
        return 'x';
      },
    },
  );
  try {
    render(proxy);
  } catch {
    // a message that needs a real shape still told us which keys it reads
  }
  return [...keys];
}

/** Tries `render`; a probe of the wrong shape (a list where a name is expected, an unknown enum value) may throw. */
function attempt(render: (d: Record<string, unknown>) => string, details: Record<string, unknown>): string | undefined {
  try {
    return render(details);
  } catch {
    return undefined;
  }
}

/**
 * Renders with a base of valid details (each key 'x', or the first pool value that renders), then each key in turn
 * through every pool value. The base must render; variants of the wrong shape are skipped.
 */
function renderAll(render: (d: Record<string, unknown>) => string): string[] {
  const keys = keysRead(render);
  const base: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, 'x']));
  for (const key of keys) {
    if (attempt(render, base) !== undefined) break;
    base[key] = valuesFor(key).find((value) => attempt(render, { ...base, [key]: value }) !== undefined) ?? 'x';
  }
  const out = [render(base)];
  for (const key of keys) for (const value of valuesFor(key)) out.push(attempt(render, { ...base, [key]: value }) ?? out[0]!);
  return out;
}

type Texts = { message: (d: never) => string; hint: (d: never) => string };

describe('every error renders in English and French, whatever its details', () => {
  const codes = Object.keys(errorMessages) as ErrorCode[];

  it.each(codes)('%s', (code) => {
    for (const texts of [errorMessages[code] as unknown as Texts, (errorsFr as Record<string, Texts>)[code]!]) {
      for (const part of [texts.message, texts.hint] as ((d: Record<string, unknown>) => string)[]) {
        const [base, ...variants] = renderAll(part);
        expect(base!.length).toBeGreaterThan(0);
        for (const text of [base, ...variants]) {
          expect(typeof text).toBe('string');
          expect(text).not.toContain('[object Object]');
        }
      }
    }
    expect(['1', '2']).toContain(String(errorMessages[code].exitCode));
  });
});

/** Every function in a messages object, with its path. */
function functionsOf(value: unknown, trail: string[] = []): [string, (...args: unknown[]) => unknown][] {
  if (typeof value === 'function') return [[trail.join('.'), value as (...args: unknown[]) => unknown]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => functionsOf(v, [...trail, k]));
  return [];
}

describe('every CLI text renders in English and French', () => {
  for (const [language, messages] of [
    ['en', en],
    ['fr', fr],
  ] as const) {
    it(`${language}: each function gives text for any argument it takes`, () => {
      const functions = functionsOf(messages);
      expect(functions.length).toBeGreaterThan(50);
      for (const [name, fn] of functions) {
        const arity = Math.max(fn.length, 1);
        let rendered = 0;
        for (const value of POOL) {
          let text: unknown;
          try {
            text = fn(...Array.from({ length: arity }, () => value));
          } catch {
            continue; // a text taking a structured argument (a list, an object) rejects probes of another shape
          }
          expect(typeof text === 'string' || Array.isArray(text), `${language} ${name}`).toBe(true);
          rendered++;
        }
        expect(rendered, `${language} ${name} renders for some argument`).toBeGreaterThan(0);
      }
    });
  }
});
