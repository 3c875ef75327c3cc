import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { checkHooks } from '../hooks/hooks-schema.ts';
import { PERSONAL_KINDS } from '../config/sections/privacy.ts';
import type { SectorPack } from './sector-pack.ts';
import { once } from '../util/once.ts';

/** The packs shipped with dihya-migrate, loaded on demand. */
export const BUILT_IN_SECTORS: Record<string, () => Promise<SectorPack>> = {
  sante: async () => (await import('./sante/sante-pack.ts')).santePack,
  education: async () => (await import('./education/education-pack.ts')).educationPack,
  ecommerce: async () => (await import('./ecommerce/ecommerce-pack.ts')).ecommercePack,
};

/** The shape of a sector pack (see SectorPack); its hooks are checked by checkHooks. Built on first use. */
const packSchema = once(() => {
  const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');
  const bilingual = z.strictObject({ en: z.string().min(1), fr: z.string().min(1) });
  const regex = z.string().refine((source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'must be a regular expression');

  return z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, `_` or `-` (the `sector` migrations declare)'),
    description: bilingual,
    hooks: z.unknown().optional(),
    checks: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          description: bilingual,
          appliesTo: z.enum(['sector', 'every-migration']).optional(),
          directions: z
            .array(z.enum(['up', 'down']))
            .min(1)
            .optional(),
          prepare: fn.optional(),
          before: fn.optional(),
          verify: fn.optional(),
          onFailure: fn.optional(),
        }),
      )
      .optional(),
    catalog: z
      .array(
        z.strictObject({
          table: regex.optional(),
          column: regex,
          category: z.enum(['special-category', 'personal', 'money']),
          note: bilingual,
          anonymize: z.strictObject({ kind: z.enum(PERSONAL_KINDS), strategy: z.enum(['fake', 'hash', 'null', 'keep']) }).optional(),
        }),
      )
      .optional(),
    lint: z
      .array(
        z.strictObject({
          id: z.string(),
          severity: z.enum(['error', 'warning']),
          explanation: bilingual,
          hint: bilingual,
          appliesTo: z.enum(['sector', 'every-migration']).optional(),
          dialects: z
            .array(z.enum(['sqlite', 'postgres', 'mysql']))
            .min(1)
            .optional(),
          check: fn,
        }),
      )
      .optional(),
    rehearseAnonymized: fn.optional(),
    templates: z.strictObject({ ts: fn.optional() }).optional(),
    source: z.string().optional(),
  });
});

/**
 * Loads the packs of `sectors`: a built-in name, a module path (relative to `base`, the config
 * file's folder) whose default export is a pack, or a pack object. Each is checked (shape, hooks,
 * unique names); SECTOR_NOT_FOUND or SECTOR_INVALID otherwise, before anything runs.
 *
 * @example
 * const packs = await loadSectorPacks(['sante', './sectors/banking.ts'], '/project')
 * packs.map((p) => p.name) // ['sante', 'banking']
 */
export async function loadSectorPacks(sectors: readonly (string | object)[], base: string): Promise<SectorPack[]> {
  const packs: SectorPack[] = [];
  for (const entry of sectors as readonly (string | SectorPack)[]) {
    const pack = typeof entry === 'string' ? await loadOne(entry, base) : { ...entry, source: entry.source ?? 'dihya.config.ts' };
    const label = typeof entry === 'string' ? entry : typeof entry.name === 'string' ? entry.name : 'pack';
    const parsed = packSchema().safeParse(pack);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DihyaError('SECTOR_INVALID', { sector: label, reason: `${issue.path.join('.') || '(pack)'}: ${issue.message}` });
    }
    checkHooks(pack.hooks, `sector ${pack.name}`);
    checkLintIds(pack, label);
    if (packs.some((p) => p.name === pack.name))
      throw new DihyaError('SECTOR_INVALID', { sector: label, reason: `a pack named ${pack.name} is already enabled` });
    packs.push(pack);
  }
  return packs;
}

/** A pack's lint rule ids are `<pack>/<name>` (so none can shadow a built-in rule or another pack's), each once. */
function checkLintIds(pack: SectorPack, label: string): void {
  const seen = new Set<string>();
  for (const [i, rule] of (pack.lint ?? []).entries()) {
    const invalid = (reason: string) => new DihyaError('SECTOR_INVALID', { sector: label, reason: `lint.${i}.id: ${reason}` });
    if (!new RegExp(`^${pack.name}/[a-z0-9][a-z0-9-]*$`).test(rule.id))
      throw invalid(`${JSON.stringify(rule.id)} must be \`${pack.name}/<name>\` (lower-case letters, digits and -)`);
    if (seen.has(rule.id)) throw invalid(`${rule.id} is given twice`);
    seen.add(rule.id);
  }
}

async function loadOne(entry: string, base: string): Promise<SectorPack> {
  const known = Object.keys(BUILT_IN_SECTORS).join(', ');
  const builtIn = BUILT_IN_SECTORS[entry];
  if (builtIn) return { ...(await builtIn()), source: 'built-in' };
  if (!/[/\\.]/.test(entry)) throw new DihyaError('SECTOR_NOT_FOUND', { sector: entry, reason: 'no built-in pack has this name', known });
  const file = path.resolve(base, entry);
  if (!existsSync(file)) throw new DihyaError('SECTOR_NOT_FOUND', { sector: entry, reason: `${file} does not exist`, known });
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new DihyaError('SECTOR_NOT_FOUND', { sector: entry, reason: reasonOf(error), known }, { cause: error });
  }
  if (typeof module.default !== 'object' || module.default === null) {
    throw new DihyaError('SECTOR_INVALID', { sector: entry, reason: 'the module has no default export, or it is not a pack object' });
  }
  return { ...(module.default as SectorPack), source: path.relative(base, file) || entry };
}
