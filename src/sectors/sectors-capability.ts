import path from 'node:path';
import { StepStates } from '../hooks/hook-context.ts';
import { configHookExtensions } from '../hooks/hooks-capability.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';

/** What business hooks and sector packs read of the config. */
export interface SectorSettings {
  hooks?: unknown;
  /** Names, module paths, or pack objects (checked by `loadSectorPacks`). */
  sectors: readonly (string | object)[];
  /** The config file, or `defaults`. */
  source: string;
  /** The folder of the current command (module paths resolve against the config file's folder, or this one). */
  cwd: string;
}

/**
 * The extensions of the sector packs (in the order of `sectors`, each: its checks, then its
 * hooks), then those of the config's hooks. Everything is loaded and checked now, before any lock.
 *
 * @example
 * const extensions = await sectorAndHookExtensions(config)
 */
export async function sectorAndHookExtensions(settings: SectorSettings): Promise<RunExtension[]> {
  const states = new StepStates();
  const extensions: RunExtension[] = [];
  if (settings.sectors.length > 0) {
    const { loadSectorPacks } = await import('./load-packs.ts');
    const { packExtensions } = await import('./pack-extension.ts');
    const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
    for (const pack of await loadSectorPacks(settings.sectors, base)) extensions.push(...packExtensions(pack, states));
  }
  extensions.push(...configHookExtensions(settings, states));
  return extensions;
}
