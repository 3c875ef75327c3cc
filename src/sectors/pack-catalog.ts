import path from 'node:path';
import type { CatalogPattern } from '../config/sections/privacy.ts';
import { loadSectorPacks } from './load-packs.ts';
import type { SectorSettings } from './sectors-capability.ts';

/**
 * The catalog entries of the enabled packs that say how to anonymize their columns, as privacy
 * catalog patterns (merged into `privacy.columns` where the config does not name the column).
 *
 * @example
 * const patterns = await packCatalogPatterns(config) // [{ column: '^(patient_id|…)$', rule: { kind: 'other', strategy: 'fake' }, source: 'sector sante' }, …]
 */
export async function packCatalogPatterns(settings: SectorSettings): Promise<CatalogPattern[]> {
  if (settings.sectors.length === 0) return [];
  const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
  return (await loadSectorPacks(settings.sectors, base)).flatMap((pack) =>
    (pack.catalog ?? []).flatMap((entry) =>
      entry.anonymize
        ? [{ ...(entry.table === undefined ? {} : { table: entry.table }), column: entry.column, rule: entry.anonymize, source: `sector ${pack.name}` }]
        : [],
    ),
  );
}
