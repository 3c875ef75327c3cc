import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { BUILT_IN_SECTORS, loadSectorPacks } from './load-packs.ts';
import type { SectorPack } from './sector-pack.ts';

/**
 * The packs `new --sector` and `docs` know: those of `sectors` (resolved against the config
 * file's folder), then the built-in ones not listed there.
 *
 * @example
 * const packs = await knownPacks({ sectors: ['./sectors/banking.ts'], source: '/p/dihya.config.ts', cwd: '/p' })
 */
export async function knownPacks(settings: { sectors: readonly (string | object)[]; source: string; cwd: string }): Promise<SectorPack[]> {
  const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
  const configured = await loadSectorPacks(settings.sectors, base);
  const names = new Set(configured.map((p) => p.name));
  const builtIn = await loadSectorPacks(
    Object.keys(BUILT_IN_SECTORS).filter((name) => !names.has(name)),
    base,
  );
  return [...configured, ...builtIn];
}

/**
 * The text of a new migration of `sector`: the pack's TypeScript template, or for SQL the plain
 * template with a `-- dihya:sector` directive. SECTOR_UNKNOWN_FOR_TEMPLATE when no pack has that name.
 *
 * @example
 * sectorMigrationText(packs, 'sante', 'add_blood_type', 'ts')
 */
export function sectorMigrationText(packs: SectorPack[], sector: string, slug: string, kind: 'ts' | 'sql'): string {
  const pack = packs.find((p) => p.name === sector);
  const withTemplates = packs.filter((p) => p.templates?.ts).map((p) => p.name);
  if (!pack || (kind === 'ts' && !pack.templates?.ts)) throw new DihyaError('SECTOR_UNKNOWN_FOR_TEMPLATE', { sector, known: withTemplates.join(', ') });
  if (kind === 'ts') return pack.templates!.ts!(slug);
  return `-- ${slug.replace(/[_-]/g, ' ')}\n-- dihya:sector ${pack.name}\n-- migrate:up\n\n-- migrate:down\n\n`;
}
