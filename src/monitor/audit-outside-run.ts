import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AuditEventMap } from '../audit/audit-events.ts';
import { targetKey } from '../database/target-key.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { INTERNAL_SCHEMA_VERSION } from '../internal-schema/upgrades.ts';
import type { PipelineDeps } from '../pipeline/run-context.ts';
import { redactDeep } from '../privacy/redaction/redact.ts';

/** The audit events written outside a run (by the end of a command): the access log and alert deliveries. */
export type OutsideRunEvent = 'access' | 'alert.delivered' | 'alert.failed';

/** One such entry. */
export type OutsideRunEntry = { [E in OutsideRunEvent]: { event: E; details: AuditEventMap[E] } }[OutsideRunEvent];

/** Where the entries went: the audit, a queue the next command flushes into the audit, or only the run log. */
export type Recorded = { where: 'audit' } | { where: 'queued' | 'run-log'; reason: string };

/**
 * Appends entries to the audit from outside a run, under a short hold of the migration lock
 * (`monitor.accessLockWaitMs`). Every entry also goes to the run log. When the audit cannot take
 * them now, nothing waits and nothing is created in the database:
 *
 * - dihya-migrate's tables do not exist there (a read-only command on a fresh database): run log only;
 * - the lock is held by a long run, or the tables are from an older release (only a run may upgrade
 *   them): queued in `.dihya/logs/access-pending-<database>.jsonl` (0600) and appended, marked
 *   `deferred` with their time, by the next command that gets the lock;
 * - the audit refuses them (a broken log): run log only.
 *
 * @example
 * const recorded = await appendOutsideRun(deps, [{ event: 'access', details: { command: 'status', outcome: 'ok', host: 'build-1', durationMs: 12 } }])
 * recorded.where // 'audit'
 */
export async function appendOutsideRun(deps: PipelineDeps, entries: OutsideRunEntry[]): Promise<Recorded> {
  const log = deps.log();
  for (const entry of entries) log.info({ target: deps.target.displayUrl, ...entry.details }, entry.event);
  const queue = new PendingQueue(deps);
  let version: number;
  try {
    version = await deps.internalSchema.version();
  } catch (error) {
    return runLogOnly(deps, `the database could not be read: ${reasonOf(error)}`);
  }
  if (version === 0) return runLogOnly(deps, 'dihya-migrate’s tables do not exist in this database, and a read-only command creates nothing');
  if (version > INTERNAL_SCHEMA_VERSION) return runLogOnly(deps, `a newer release (internal schema ${version}) owns this database`);
  if (version < INTERNAL_SCHEMA_VERSION)
    return queue.add(entries, 'dihya-migrate’s tables are from an older release; the next run upgrades them and records this');
  let lock;
  try {
    lock = await deps.target.acquireLock({ table: deps.tables.history, leaseMs: deps.config.lock.leaseMs, timeoutMs: deps.config.monitor.accessLockWaitMs });
  } catch (error) {
    const holder = DihyaError.is(error, 'LOCK_HELD') ? `held by ${error.details.holder}` : reasonOf(error);
    return queue.add(entries, `the migration lock is ${holder}; the next command records this`);
  }
  const waiting = [...queue.take(), ...entries];
  try {
    while (waiting.length > 0) {
      const entry = waiting[0]!;
      await appendEntry(deps, entry);
      waiting.shift();
    }
    return { where: 'audit' };
  } catch (error) {
    const deferred = waiting.filter((e) => 'deferred' in e.details);
    if (deferred.length > 0) queue.put(deferred);
    return runLogOnly(deps, `the audit refused the entry: ${reasonOf(error)}`);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

function runLogOnly(deps: PipelineDeps, reason: string): Recorded {
  deps.log().warn({ target: deps.target.displayUrl, reason }, 'not recorded in the audit');
  return { where: 'run-log', reason };
}

/** Entries waiting for the audit, one JSON line each, in a 0600 file of the state folder. */
class PendingQueue {
  readonly #file: string;
  readonly #deps: PipelineDeps;

  constructor(deps: PipelineDeps) {
    this.#deps = deps;
    this.#file = path.join(deps.config.stateDir, 'logs', `access-pending-${targetKey(deps.target.spec)}.jsonl`);
  }

  add(entries: OutsideRunEntry[], reason: string): Recorded {
    const at = new Date().toISOString();
    this.put(entries.map((e) => ({ event: e.event, details: { ...e.details, deferred: at } }) as OutsideRunEntry));
    this.#deps.log().info({ target: this.#deps.target.displayUrl, reason, entries: entries.length }, 'queued for the audit');
    return { where: 'queued', reason };
  }

  put(entries: OutsideRunEntry[]): void {
    mkdirSync(path.dirname(this.#file), { recursive: true, mode: 0o700 });
    // Redacted as the audit will be: the queue is a file of the state dir too.
    appendFileSync(this.#file, entries.map((e) => `${JSON.stringify(redactDeep(e))}\n`).join(''), { mode: 0o600 });
  }

  /** Takes every queued entry (moved aside first, so entries queued meanwhile wait for the next time). */
  take(): OutsideRunEntry[] {
    if (!existsSync(this.#file)) return [];
    const taken = `${this.#file}.${process.pid}-${randomBytes(3).toString('hex')}`;
    try {
      renameSync(this.#file, taken);
    } catch {
      return [];
    }
    const lines = readFileSync(taken, 'utf8').split('\n').filter(Boolean);
    rmSync(taken, { force: true });
    return lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as OutsideRunEntry];
      } catch {
        return [];
      }
    });
  }
}

/**
 * Appends one {@link OutsideRunEntry} (under the lock).
 *
 * @example
 * await appendEntry(run, { event: 'alert.failed', details: { alert: 'failure', webhook: '#1 json hooks.example.org', attempts: 4, reason: 'HTTP 500' } })
 */
export function appendEntry(deps: Pick<PipelineDeps, 'safety'>, entry: OutsideRunEntry): Promise<unknown> {
  switch (entry.event) {
    case 'access':
      return deps.safety.audit.append(entry.event, entry.details);
    case 'alert.delivered':
      return deps.safety.audit.append(entry.event, entry.details);
    case 'alert.failed':
      return deps.safety.audit.append(entry.event, entry.details);
  }
}
