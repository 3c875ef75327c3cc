import { DihyaError } from '../errors/dihya-error.ts';
import type { MigrationFile } from './discover.ts';
import { backfillProgressOf, type HistoryRow } from './history.ts';
import { compareVersions, isRepeatableVersion, newestVersion } from './version-order.ts';

export type MigrationState = 'applied' | 'pending' | 'edited' | 'missing' | 'renamed' | 'interrupted' | 'out-of-order' | 'backfilling';

/** One line of `status`: a migration known from its file, its history row, or both. */
export interface StatusEntry {
  version: string;
  name: string;
  state: MigrationState;
  kind: string;
  appliedAt?: string;
  durationMs?: number;
  appliedBy?: string;
  /** A backfill cut short (`backfilling`): rows done and expected; `up` goes on from its checkpoint. */
  progress?: { done: number; total: number; label?: string };
}

export interface Plan {
  entries: StatusEntry[];
  /** Migrations to apply, oldest first (includes out-of-order ones only when allowed). */
  pending: MigrationFile[];
  /** Every drift or inconsistency found, first one first; `up` refuses to run while there is one. */
  problems: DihyaError[];
  /** The same problems, by the version they concern. */
  problemByVersion: Map<string, DihyaError>;
}

/**
 * Compares the migration files with the history table: what is applied, pending, edited
 * after being applied, missing, renamed, interrupted or out of order.
 *
 * @example
 * const plan = computePlan(discoverMigrations('migrations'), await history.read())
 * if (plan.problems.length) throw plan.problems[0]
 */
export function computePlan(files: MigrationFile[], rows: HistoryRow[], options: { outOfOrder?: boolean } = {}): Plan {
  const fileByVersion = new Map(files.map((f) => [f.version, f]));
  const rowByVersion = new Map(rows.map((r) => [r.version, r]));
  const entries: StatusEntry[] = [];
  const problemByVersion = new Map<string, DihyaError>();
  const pending: MigrationFile[] = [];
  const lastApplied = newestVersion(rows.filter((r) => r.status === 'applied').map((r) => r.version));

  const versions = [...new Set([...fileByVersion.keys(), ...rowByVersion.keys()])].sort(compareVersions);
  for (const version of versions) {
    const file = fileByVersion.get(version);
    const row = rowByVersion.get(version);
    const applied = row ? { appliedAt: row.applied_at, durationMs: row.duration_ms, appliedBy: row.applied_by } : {};
    const backfill = row?.status === 'running' ? backfillProgressOf(row) : undefined;
    if (row && file && backfill?.direction === 'up') {
      // A backfill cut short resumes from its checkpoint (its file may have been fixed meanwhile).
      const progress = { done: backfill.done, total: backfill.total, ...(backfill.label ? { label: backfill.label } : {}) };
      entries.push({ version, name: file.name, state: 'backfilling', kind: file.kind, ...applied, progress });
      pending.push(file);
    } else if (row && row.status !== 'applied') {
      entries.push({ version, name: row.name, state: 'interrupted', kind: row.kind, ...applied });
      problemByVersion.set(version, new DihyaError('INTERRUPTED', { name: row.name, version, status: row.status }));
    } else if (row && !file) {
      entries.push({ version, name: row.name, state: 'missing', kind: row.kind, ...applied });
      problemByVersion.set(version, new DihyaError('DRIFT_MISSING', { name: row.name }));
    } else if (row && file && row.name !== file.name) {
      entries.push({ version, name: file.name, state: 'renamed', kind: file.kind, ...applied });
      problemByVersion.set(version, new DihyaError('DRIFT_RENAMED', { version, applied: row.name, current: file.name }));
    } else if (row && file && file.repeatable && row.checksum !== file.checksum) {
      // a repeatable migration runs again whenever it changes
      entries.push({ version, name: file.name, state: 'pending', kind: file.kind, ...applied });
      pending.push(file);
    } else if (row && file && row.checksum !== file.checksum) {
      entries.push({ version, name: file.name, state: 'edited', kind: file.kind, ...applied });
      problemByVersion.set(
        version,
        new DihyaError('DRIFT_EDITED', { name: file.name, applied: row.checksum.slice(0, 12), current: file.checksum.slice(0, 12) }),
      );
    } else if (row) {
      entries.push({ version, name: row.name, state: 'applied', kind: row.kind, ...applied });
    } else if (file && lastApplied && !isRepeatableVersion(version) && compareVersions(version, lastApplied) < 0 && !options.outOfOrder) {
      entries.push({ version, name: file.name, state: 'out-of-order', kind: file.kind });
      problemByVersion.set(version, new DihyaError('OUT_OF_ORDER', { name: file.name, last: lastApplied }));
    } else if (file) {
      entries.push({ version, name: file.name, state: 'pending', kind: file.kind });
      pending.push(file);
    }
  }
  return { entries, pending, problems: [...problemByVersion.values()], problemByVersion };
}
