import { HOOK_NAMES } from '../hooks/hook-types.ts';
import { checkHooks } from '../hooks/hooks-schema.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import { loadSectorPacks } from './load-packs.ts';
import { checkApplies } from './pack-extension.ts';
import path from 'node:path';
import type { SectorSettings } from './sectors-capability.ts';

/** The hooks whose calls concern one migration (the run-level ones, beforeAll and afterAll, concern every run). */
const MIGRATION_HOOKS = HOOK_NAMES.filter((name) => name !== 'beforeAll' && name !== 'afterAll');

/**
 * What of the configured packs and hooks applies to each migration, named as errors and the
 * audit name them (`sector sante: check access-audit`, `hook afterMigrate #1`), for `plan`.
 * Empty when the config has neither hooks nor sectors.
 *
 * @example
 * const applies = await applicableHooks(config, pending)
 * applies.get('20260201090000') // ['sector sante: check special-category-declared', 'hook afterMigrate #1']
 */
export async function applicableHooks(
  settings: SectorSettings,
  migrations: LoadedMigration[],
  direction: 'up' | 'down' = 'up',
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (settings.hooks === undefined && settings.sectors.length === 0) return result;
  const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
  const packs = await loadSectorPacks(settings.sectors, base);
  const configHooks = checkHooks(settings.hooks, path.basename(settings.source));
  const hookNames = (prefix: string, hooks: ReturnType<typeof checkHooks>) =>
    MIGRATION_HOOKS.flatMap((hook) => hooks[hook].map((fn, i) => `${prefix}hook ${hook} #${i + 1}${fn.name && fn.name !== hook ? ` (${fn.name})` : ''}`));
  for (const migration of migrations) {
    const sector = migration.definition.sector;
    const names: string[] = [];
    for (const pack of packs) {
      for (const check of pack.checks ?? []) if (checkApplies(pack, check, sector, direction)) names.push(`sector ${pack.name}: check ${check.name}`);
      if (sector === pack.name) names.push(...hookNames(`sector ${pack.name}: `, checkHooks(pack.hooks, `sector ${pack.name}`)));
    }
    names.push(...hookNames('', configHooks));
    result.set(migration.version, names);
  }
  return result;
}
