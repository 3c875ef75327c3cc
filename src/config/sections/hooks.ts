import { z } from 'zod';

/**
 * A hook function as the config holds it. `src/hooks/hook-types.ts` types each hook's context;
 * write `hooks: { … } satisfies HooksConfig` (from `dihya-migrate`) to have it checked. The config
 * stays below the hooks and sector packs, which read it.
 */
export type ConfigHook = (...args: any[]) => unknown;

/** `hooks` as the config holds them: a function or an array of functions per hook point. */
export type ConfigHooks = Partial<Record<'beforeAll' | 'beforeMigrate' | 'afterMigrate' | 'afterCommit' | 'onError' | 'afterAll', ConfigHook | ConfigHook[]>>;

/** A sector pack object as the config holds it (`SectorPack` in `src/sectors/sector-pack.ts`). */
export interface ConfigSectorPack {
  name: string;
  [field: string]: unknown;
}

/**
 * `hooks`: business hooks run at each phase of a run (see HooksConfig). Their shape is checked
 * when the migrator opens, before the lock (HOOK_INVALID names the hook and what is wrong).
 */
export const hooksSection = () => z.custom<ConfigHooks>((value) => typeof value === 'object' && value !== null).optional();

/**
 * `sectors`: sector packs applied to migrations that declare their sector: a built-in name
 * (`sante`, `education`, `ecommerce`), a module path relative to the config file
 * (`./sectors/banking.ts`), or a pack object. Checked when the migrator opens (SECTOR_NOT_FOUND, SECTOR_INVALID).
 */
export const sectorsSection = () =>
  z.array(z.union([z.string().min(1), z.custom<ConfigSectorPack>((value) => typeof value === 'object' && value !== null)])).default([]);
