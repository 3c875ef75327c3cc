import type { ResolvedConfig } from '../config/config-schema.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { erasureLedgerExtension } from './ledger/reapply-erasures.ts';
import { personalLiteralsExtension } from './literals/personal-literals.ts';

/**
 * The privacy capability's extensions: `prepare` refuses migration files holding a personal
 * value (unless `privacy.literals.refuse` is false), and `afterRestore` re-applies the erasure
 * ledger after every restore (always on: erased subjects must never come back).
 *
 * @example
 * const extensions = await privacyExtensions(config)
 */
export async function privacyExtensions(config: ResolvedConfig): Promise<RunExtension[]> {
  return [...(config.privacy.literals.refuse ? [personalLiteralsExtension(config.privacy)] : []), erasureLedgerExtension(config)];
}
