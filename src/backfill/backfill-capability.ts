import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError } from '../errors/dihya-error.ts';

/**
 * The backfill capability's extension: before the lock, refuses a migration declared
 * `backfill: true` that cannot run batch by batch (one that asks for a transaction, or an SQL
 * file, which cannot call `backfill()`), so nothing has changed when it is refused.
 *
 * @example
 * const extensions = await backfillExtensions(config) // [{ name: 'backfill', prepare }]
 */
export async function backfillExtensions(config: ResolvedConfig): Promise<BackfillExtension[]> {
  void config;
  return [backfillExtension];
}

/** What `prepare` sees of the migrations about to run (a RunExtension's PrepareContext, without importing the pipeline). */
interface PrepareView {
  direction: 'up' | 'down';
  migrations: { name: string; kind: string; definition: { backfill?: boolean; transactional?: boolean; downTransactional?: boolean } }[];
}

/** A RunExtension with only the point this capability uses. */
export interface BackfillExtension {
  readonly name: string;
  prepare(context: PrepareView): void;
}

export const backfillExtension: BackfillExtension = {
  name: 'backfill',
  prepare({ migrations, direction }) {
    for (const migration of migrations) {
      const definition = migration.definition;
      if (definition.backfill !== true) continue;
      if (migration.kind === 'sql')
        throw new DihyaError('BACKFILL_TRANSACTIONAL', { name: migration.name, reason: 'be an SQL file (backfill() is called from TypeScript)' });
      const transactional = direction === 'down' ? (definition.downTransactional ?? definition.transactional) : definition.transactional;
      if (transactional === true)
        throw new DihyaError('BACKFILL_TRANSACTIONAL', { name: migration.name, reason: 'run inside one transaction (transactional: true)' });
    }
  },
};
