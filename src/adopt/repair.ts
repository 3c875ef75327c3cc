import { DihyaError } from '../errors/dihya-error.ts';
import { readMigrations } from '../layouts/read-layout.ts';
import type { HistoryRow } from '../migrations/history.ts';
import { runLocked } from '../pipeline/locked-run.ts';
import type { PipelineDeps } from '../pipeline/run-context.ts';

/**
 * What `repair` does to the history, never by hand:
 * - `accept-change`: an applied file was changed on purpose (reviewed); its new checksum is recorded;
 * - `renamed`: files renamed since they were applied get their rows realigned (same version, new
 *   name; or a row whose file is gone moved to the one pending file with the same content);
 * - `clear-failed`: a `failed`/`running` row (a run cut short) is removed, once the database was checked.
 * A reason is required and audited with what changed.
 *
 * @example
 * const request: RepairRequest = { action: 'accept-change', version: '1.2', reason: 'comment typo fixed, reviewed in #42' }
 */
export interface RepairRequest {
  action: 'accept-change' | 'renamed' | 'clear-failed';
  /** Required for `accept-change` and `clear-failed`; `renamed` repairs every renamed file. */
  version?: string;
  reason: string;
}

/**
 * One row repaired.
 *
 * @example
 * const done: RepairDone = { action: 'renamed', version: '1', name: 'V1__create_users', previousName: 'V1__users' }
 */
export interface RepairDone {
  action: RepairRequest['action'];
  version: string;
  name: string;
  previousVersion?: string;
  previousName?: string;
  previousChecksum?: string;
  checksum?: string;
}

/**
 * Repairs the history (see {@link RepairRequest}), under the lock; each change is audited with the reason.
 *
 * @example
 * const done = await repair(deps, { action: 'renamed', reason: 'files renamed to the new convention' })
 */
export async function repair(deps: PipelineDeps, request: RepairRequest): Promise<RepairDone[]> {
  if (request.reason.trim() === '') throw new DihyaError('REPAIR_USAGE', { reason: '--reason is required (it goes into the audit log)' });
  if (request.action !== 'renamed' && request.version === undefined) throw new DihyaError('REPAIR_USAGE', { reason: `--${request.action} needs a version` });
  await deps.internalSchema.assertReadable();
  const files = readMigrations(deps.config.migrationsDir, deps.config.layout);
  return runLocked(deps, 'repair', async () => {
    const rows = await deps.history.read();
    const done = planRepair(request, rows, files);
    for (const change of done) {
      const row = rows.find((r) => r.version === (change.previousVersion ?? change.version))!;
      if (request.action === 'clear-failed') await deps.history.remove(row.version);
      else {
        if (change.previousVersion) await deps.history.remove(change.previousVersion);
        await deps.history.write({ ...row, version: change.version, name: change.name, ...(change.checksum ? { checksum: change.checksum } : {}) });
      }
      await deps.safety.audit.append('history.repaired', {
        ...change,
        reason: request.reason,
        ...(request.action === 'clear-failed' ? { status: row.status } : {}),
      });
    }
    return done;
  });
}

function planRepair(request: RepairRequest, rows: HistoryRow[], files: ReturnType<typeof readMigrations>): RepairDone[] {
  const nothing = (version: string, reason: string) => new DihyaError('NOTHING_TO_REPAIR', { version, action: request.action, reason });
  if (request.action === 'renamed') {
    const done: RepairDone[] = [];
    const recorded = new Set(rows.map((r) => r.version));
    for (const row of rows) {
      const sameVersion = files.find((f) => f.version === row.version);
      if (sameVersion && sameVersion.name !== row.name) {
        done.push({ action: 'renamed', version: row.version, name: sameVersion.name, previousName: row.name });
      } else if (!sameVersion) {
        const moved = files.filter((f) => !recorded.has(f.version) && f.checksum === row.checksum);
        if (moved.length === 1) {
          done.push({ action: 'renamed', version: moved[0]!.version, name: moved[0]!.name, previousVersion: row.version, previousName: row.name });
        }
      }
    }
    if (done.length === 0) throw nothing('*', 'no applied migration has a renamed file (a file whose content changed is an edit: --accept-change)');
    return done;
  }
  const version = request.version!;
  const row = rows.find((r) => r.version === version || r.name === version);
  if (!row) throw nothing(version, 'not in the history');
  if (request.action === 'clear-failed') {
    if (row.status === 'applied') throw nothing(version, 'the migration is applied, not failed');
    return [{ action: 'clear-failed', version: row.version, name: row.name }];
  }
  const file = files.find((f) => f.version === row.version);
  if (!file) throw nothing(version, 'its file is missing');
  if (row.status !== 'applied') throw nothing(version, `its row is ${row.status}: settle it first (--clear-failed or resolve)`);
  if (file.checksum === row.checksum) throw nothing(version, 'the file is unchanged');
  return [{ action: 'accept-change', version: row.version, name: file.name, previousChecksum: row.checksum, checksum: file.checksum }];
}
