import { DihyaError } from '../errors/dihya-error.ts';
import { detectLayout, readMigrations } from '../layouts/read-layout.ts';
import { compareVersions } from '../migrations/version-order.ts';
import { takeBackup } from '../pipeline/apply-steps.ts';
import { runLocked } from '../pipeline/locked-run.ts';
import { lastApplied } from '../pipeline/run-phases.ts';
import type { PipelineDeps } from '../pipeline/run-context.ts';

/**
 * What `baseline` recorded: the migrations marked applied, and the backup taken first.
 *
 * @example
 * const result: BaselineResult = { version: '1.4', recorded: ['V1__init', 'V1.4__users'], backup: '20261203-…' }
 */
export interface BaselineResult {
  version: string;
  recorded: string[];
  backup?: string;
}

/**
 * `baseline <version>`: on a database that already has the migrations up to `version` (applied
 * by hand or by another tool), records each of them as applied without running it, so `up`
 * applies only what comes after. `version` is a version or a migration name; repeatable
 * migrations are left to run on the next `up`, as Flyway does. Under the lock, after a backup; audited.
 * Migrations already in the history are left as they are.
 *
 * @example
 * const result = await baseline(deps, '20260101000000')
 * result.recorded.length // 12
 */
export async function baseline(deps: PipelineDeps, version: string): Promise<BaselineResult> {
  await deps.internalSchema.assertReadable();
  const files = readMigrations(deps.config.migrationsDir, deps.config.layout);
  const target = files.find((f) => !f.repeatable && (f.version === version || f.name === version));
  if (!target) throw new DihyaError('TARGET_VERSION_UNKNOWN', { version });
  const upTo = files.filter((f) => !f.repeatable && compareVersions(f.version, target.version) <= 0);
  return runLocked(deps, 'baseline', async (run) => {
    const rows = await deps.history.read();
    const interrupted = rows.find((r) => r.status !== 'applied');
    if (interrupted) throw new DihyaError('INTERRUPTED', { name: interrupted.name, version: interrupted.version, status: interrupted.status });
    const known = new Set(rows.map((r) => r.version));
    const missing = upTo.filter((f) => !known.has(f.version));
    const backup =
      missing.length > 0 ? await takeBackup(run, `before baseline ${target.version}`, lastApplied(rows), { force: true, kind: 'manual' }) : undefined;
    const appliedAt = new Date().toISOString();
    const actor = `${deps.config.actor ?? 'unknown'} (baseline)`;
    for (const file of missing) {
      const row = { version: file.version, name: file.name, checksum: file.checksum, kind: file.kind, status: 'applied' as const };
      await deps.history.write({ ...row, applied_at: appliedAt, duration_ms: 0, applied_by: actor }, deps.target.db, { replace: false });
    }
    await deps.safety.audit.append('history.baselined', {
      version: target.version,
      recorded: missing.length,
      layout: detectLayout(deps.config.migrationsDir, deps.config.layout),
      ...(backup ? { backup: backup.id } : {}),
    });
    return { version: target.version, recorded: missing.map((f) => f.name), ...(backup ? { backup: backup.id } : {}) };
  });
}
