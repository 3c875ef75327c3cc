import { randomBytes } from 'node:crypto';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { stateWriteError } from '../errors/state-write.ts';
import { assertStateDirWritable } from './state-dir-check.ts';
import type { LockedCommand, PipelineDeps, RunContext } from './run-context.ts';
import { reportExtensionFailures } from './step-failure.ts';

/**
 * The lock phase around every command that changes the database (or must not overlap one):
 * check that this release can read its own tables and write the state dir → take the migration lock → upgrade dihya-migrate's own tables → audit `run.start` → extensions'
 * `beforeAll` → the work → audit `run.end` (or `run.failed`) → extensions' `afterAll` (isolated)
 * → release the lock. The run log records the start and any failure.
 *
 * @example
 * const applied = await runLocked(deps, 'up', async (run) => applySteps(run, steps, backup))
 */
export async function runLocked<T>(deps: PipelineDeps, command: LockedCommand, work: (run: RunContext) => Promise<T>): Promise<T> {
  // Tables this release cannot read (a newer release's, another tool's history) stop it before the lock.
  await deps.internalSchema.assertReadable();
  assertStateDirWritable(deps.config.stateDir, deps.config.cwd);
  const log = deps.log();
  log.info({ command, target: deps.target.displayUrl }, 'run start');
  deps.emitter.emit({ type: 'lock-wait', table: deps.tables.history });
  const startedAt = Date.now();
  const lock = await deps.target.acquireLock({ table: deps.tables.history, ...deps.config.lock });
  deps.emitter.emit({ type: 'lock-acquired', holder: lock.holder, waitedMs: Date.now() - startedAt });
  const run: RunContext = { ...deps, command, lock, runId: newRunId(), startedAt, committed: [] };
  let failure: DihyaError | undefined;
  let succeeded = false;
  try {
    // First of all: a restore cut short may have left the audit mirror set aside.
    await deps.safety.backups.recoverKept();
    if (!RESTORE_COMMANDS.has(command)) assertNoInterruptedRestore(deps);
    const from = await deps.internalSchema.version();
    const upgraded = await deps.internalSchema.upgrade();
    await deps.safety.audit.append('run.start', { command, pid: process.pid, run: run.runId });
    // A fresh database gets its tables created; only a database an earlier release set up is upgraded.
    if (upgraded.length > 0 && from > 0) {
      deps.emitter.emit({ type: 'internal-schema-upgraded', versions: upgraded });
      await deps.safety.audit.append('internal-schema.upgraded', { versions: upgraded });
    }
    await deps.extensions.beforeAll(run);
    const result = await work(run);
    await deps.safety.audit.append('run.end', { command, durationMs: Date.now() - startedAt, run: run.runId });
    succeeded = true;
    return result;
  } catch (thrown) {
    // A file that could not be written (disk full, read-only) says which migrations committed before it.
    const error =
      stateWriteError(
        thrown,
        run.committed.map((c) => c.name),
        deps.config.cwd,
      ) ?? thrown;
    failure = error instanceof DihyaError ? error : undefined;
    const code = error instanceof DihyaError ? error.code : 'INTERNAL';
    log.error({ command, code, message: reasonOf(error) }, 'run failed');
    if (!DihyaError.is(error, 'AUDIT_BROKEN')) {
      await deps.safety.audit.append('run.failed', { command, code, run: run.runId }).catch(() => undefined);
    }
    throw error;
  } finally {
    const summary = { command, ok: succeeded, durationMs: Date.now() - startedAt, committed: run.committed, ...(failure ? { error: failure } : {}) };
    await reportExtensionFailures(run, await deps.extensions.afterAll(run, summary)).catch(() => undefined);
    try {
      deps.safety.backups.finishRun(run.runId, succeeded ? 'ok' : 'failed');
    } catch (error) {
      log.warn({ reason: reasonOf(error) }, 'could not record the run on its backups');
    }
    await lock.release().catch(() => undefined);
    deps.emitter.emit({ type: 'lock-released' });
  }
}

/** Commands that deal with an interrupted restore themselves. */
const RESTORE_COMMANDS = new Set(['restore', 'abandon-restore']);

/**
 * Throws RESTORE_INTERRUPTED when a restore of this database was cut short (its marker is still
 * there and its process is gone): nothing may run on a database that may be half-restored.
 *
 * @example
 * assertNoInterruptedRestore(deps)
 */
export function assertNoInterruptedRestore(deps: Pick<PipelineDeps, 'safety' | 'target'>): void {
  const problem = interruptedRestore(deps);
  if (problem) throw problem;
}

/**
 * The RESTORE_INTERRUPTED error for this database, or undefined when no restore was cut short
 * (a restore still running in another process is not interrupted).
 *
 * @example
 * const problem = interruptedRestore(deps) // for `status`, which lists it instead of throwing
 */
export function interruptedRestore(deps: Pick<PipelineDeps, 'safety' | 'target'>): DihyaError<'RESTORE_INTERRUPTED'> | undefined {
  const { marker } = deps.safety.backups;
  const found = marker.read();
  if (!found || marker.isLive(found)) return undefined;
  return new DihyaError('RESTORE_INTERRUPTED', { id: found.backup, startedAt: found.startedAt, atomic: deps.target.capabilities.atomicRestore ? 'yes' : 'no' });
}

function newRunId(): string {
  return `run-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}
