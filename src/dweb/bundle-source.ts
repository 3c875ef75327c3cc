import type { ResolvedConfig } from '../config/config-schema.ts';
import type { Target } from '../database/target.ts';
import type { History } from '../migrations/history.ts';
import type { LockedCommand, RunContext } from '../pipeline/run-context.ts';
import type { SafetyNet } from '../pipeline/safety-net.ts';

/**
 * What a bundle is made of and checked against: one database's config, history, audit and
 * backups, and the migration lock to export under. A `Migrator` is one.
 *
 * @example
 * const source: BundleSource = await Migrator.open()
 * const result = await exportBundle(source)
 */
export interface BundleSource {
  readonly config: ResolvedConfig;
  readonly target: Target;
  readonly history: History;
  readonly safety: SafetyNet;
  locked<T>(command: LockedCommand, work: (run: RunContext) => Promise<T>): Promise<T>;
}
