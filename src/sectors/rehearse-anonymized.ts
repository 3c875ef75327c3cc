import path from 'node:path';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { hookMigration } from '../hooks/hook-context.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import { loadSectorPacks } from './load-packs.ts';
import type { SectorSettings } from './sectors-capability.ts';

/**
 * Refuses a rehearsal on a copy that is not anonymized when an enabled pack demands one for a
 * pending migration (the santé pack: any migration touching special-category data), with
 * REHEARSAL_ANONYMIZE_REQUIRED (exit 2) naming the pack, the migration and why, before anything
 * is copied. `schema`: the source's schema now.
 *
 * @example
 * if (!options.anonymize) await refuseRehearsalWithoutAnonymizing(config, pending, schema)
 */
export async function refuseRehearsalWithoutAnonymizing(settings: SectorSettings, pending: LoadedMigration[], schema: SchemaSnapshot): Promise<void> {
  if (settings.sectors.length === 0) return;
  const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
  for (const pack of await loadSectorPacks(settings.sectors, base)) {
    if (!pack.rehearseAnonymized) continue;
    for (const migration of pending) {
      const reason = pack.rehearseAnonymized(hookMigration(migration), { schema });
      if (reason) throw new DihyaError('REHEARSAL_ANONYMIZE_REQUIRED', { sector: pack.name, name: migration.name, reason: reason.en, reasonFr: reason.fr });
    }
  }
}
