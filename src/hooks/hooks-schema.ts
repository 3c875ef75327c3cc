import { z } from 'zod';
import { DihyaError } from '../errors/dihya-error.ts';
import { closest } from '../migrations/definition-schema.ts';
import { once } from '../util/once.ts';
import { HOOK_NAMES, type HookName, type HooksConfig } from './hook-types.ts';

/**
 * The shape of a `hooks` object (the config's or a pack's): known names only, each a function or
 * a non-empty array of functions. Built on first use.
 *
 * @example
 * hooksSchema().safeParse({ afterMigrate: [async () => {}] }).success // true
 */
export const hooksSchema = once(() => {
  const hookFunction = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');
  const oneOrMany = z.union([hookFunction, z.array(hookFunction).min(1, 'an empty array: remove the hook or give it a function')]);
  return z.strictObject(Object.fromEntries(HOOK_NAMES.map((name) => [name, oneOrMany.optional()])) as Record<HookName, z.ZodOptional<typeof oneOrMany>>);
});

/**
 * Checks a `hooks` object and returns each hook's functions in order; the first problem is thrown
 * as HOOK_INVALID naming where it comes from (`dihya.config.ts`, `sector sante`) and the hook.
 *
 * @example
 * const byName = checkHooks(config.hooks, 'dihya.config.ts')
 * byName.afterMigrate.length // 2
 */
export function checkHooks(value: unknown, source: string): Record<HookName, ((...args: never[]) => unknown)[]> {
  const known = HOOK_NAMES.join(', ');
  if (value === undefined) return emptyHooks();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DihyaError('HOOK_INVALID', { source, hook: 'hooks', reason: 'must be an object of hooks', known });
  }
  const parsed = hooksSchema().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const suggestion = closest(key, HOOK_NAMES);
      throw new DihyaError('HOOK_INVALID', { source, hook: key, reason: `unknown hook${suggestion ? ` (did you mean ${suggestion}?)` : ''}`, known });
    }
    const [hook, index] = issue.path;
    const reason = issue.code === 'invalid_union' ? 'must be a function or an array of functions' : issue.message;
    throw new DihyaError('HOOK_INVALID', { source, hook: index === undefined ? String(hook) : `${String(hook)}[${String(index)}]`, reason, known });
  }
  const hooks = value as HooksConfig;
  const result = emptyHooks();
  for (const name of HOOK_NAMES) {
    const given = hooks[name] as ((...args: never[]) => unknown) | ((...args: never[]) => unknown)[] | undefined;
    if (given !== undefined) result[name] = Array.isArray(given) ? [...given] : [given];
  }
  return result;
}

function emptyHooks(): Record<HookName, ((...args: never[]) => unknown)[]> {
  return Object.fromEntries(HOOK_NAMES.map((name) => [name, []])) as unknown as Record<HookName, ((...args: never[]) => unknown)[]>;
}
