import { z } from 'zod';
import type { HooksConfig } from '../../hooks/hook-types.ts';
import type { SectorPack } from '../../sectors/sector-pack.ts';

/**
 * `hooks`: business hooks run at each phase of a run (see HooksConfig). Their shape is checked
 * when the migrator opens, before the lock (HOOK_INVALID names the hook and what is wrong).
 */
export const hooksSection = z.custom<HooksConfig>((value) => value === undefined || (typeof value === 'object' && value !== null)).optional();

/**
 * `sectors`: sector packs applied to migrations that declare their sector: a built-in name
 * (`sante`, `education`, `ecommerce`), a module path relative to the config file
 * (`./sectors/banking.ts`), or a pack object. Checked when the migrator opens (SECTOR_NOT_FOUND, SECTOR_INVALID).
 */
export const sectorsSection = z.array(z.union([z.string().min(1), z.custom<SectorPack>((value) => typeof value === 'object' && value !== null)])).default([]);
