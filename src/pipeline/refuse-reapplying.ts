import { missingFromHistory } from '../audit/history-cross-check.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { MigrationFile } from '../migrations/discover.ts';
import type { PipelineDeps } from './run-context.ts';

/**
 * Part of `up`'s prepare phase (before the lock): refuses, with AUDIT_HISTORY_MISMATCH, to apply
 * a migration the audit records as applied while the history has no row for it (a removed row
 * would make `up` apply it a second time). Reads the audit as the next append will see it.
 *
 * @example
 * await refuseReapplying(deps, plan.pending)
 */
export async function refuseReapplying(deps: Pick<PipelineDeps, 'safety' | 'history'>, pending: MigrationFile[]): Promise<void> {
  if (pending.length === 0) return;
  const versions = new Set(pending.map((f) => f.version));
  const missing = missingFromHistory(await deps.safety.audit.recordedEntries(), await deps.history.read()).filter((m) => versions.has(m.version));
  if (missing.length === 0) return;
  throw new DihyaError('AUDIT_HISTORY_MISMATCH', {
    count: missing.length,
    versions: missing.map((m) => `${m.name} (audit entry ${m.seq})`).join(', '),
  });
}
