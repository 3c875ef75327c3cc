import type { AuditEntry } from '../audit/audit-line.ts';
import { schemaHash } from '../database/schema-hash.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { lastApplied } from '../pipeline/run-phases.ts';
import type { PipelineDeps, RunContext } from '../pipeline/run-context.ts';

/** The commands whose runs may leave the schema changed, so their end records it. */
export const SCHEMA_CHANGING_COMMANDS = new Set(['up', 'down', 'restore', 'resolve']);

/** Audit events after which the recorded schema no longer says what the schema should be. */
const SCHEMA_CHANGING_EVENTS = new Set(['migration.applied', 'migration.reverted', 'migration.resolved', 'restore.manual', 'restore.automatic']);

/**
 * The schema as the user sees it: every table and view except dihya-migrate's own.
 *
 * @example
 * const hash = schemaHash(await userSchema(deps))
 */
export function userSchema(deps: Pick<PipelineDeps, 'target' | 'tables'>): Promise<SchemaSnapshot> {
  return deps.target.snapshotSchema(undefined, deps.tables.all);
}

/**
 * Records in the audit (`schema.recorded`) the schema a run left: its hash, the last applied
 * version, how many tables and views. Call it at the end of a run, under the lock.
 *
 * @example
 * await recordSchema(run)
 */
export async function recordSchema(run: RunContext): Promise<void> {
  const snapshot = await userSchema(run);
  await run.safety.audit.append('schema.recorded', {
    command: run.command,
    run: run.runId,
    lastApplied: lastApplied(await run.history.read()),
    schemaHash: schemaHash(snapshot),
    tables: Object.keys(snapshot.tables).length,
    views: Object.keys(snapshot.views).length,
  });
}

/** How the live schema compares with the one the last run recorded. */
export type SchemaComparison =
  | { status: 'same'; recordedAt: string; hash: string }
  | { status: 'differs'; recordedAt: string; recorded: { hash: string; tables: number; views: number }; live: { hash: string; tables: number; views: number } }
  /** `not-recorded`: no run recorded a schema yet; `changed-since`: something changed the schema after the record (a run cut short). */
  | { status: 'unknown'; reason: 'not-recorded' | 'changed-since' };

/**
 * Compares the live schema with the last `schema.recorded` entry of the audit. Reads only.
 *
 * @example
 * const comparison = await compareWithRecordedSchema(deps, audit.entries())
 * if (comparison.status === 'differs') console.log('changed by hand')
 */
export async function compareWithRecordedSchema(deps: Pick<PipelineDeps, 'target' | 'tables'>, entries: AuditEntry[]): Promise<SchemaComparison> {
  const index = entries.findLastIndex((e) => e.event === 'schema.recorded');
  if (index === -1) return { status: 'unknown', reason: 'not-recorded' };
  if (entries.slice(index + 1).some((e) => SCHEMA_CHANGING_EVENTS.has(e.event))) return { status: 'unknown', reason: 'changed-since' };
  const record = entries[index]!;
  const snapshot = await userSchema(deps);
  const hash = schemaHash(snapshot);
  if (hash === record.schemaHash) return { status: 'same', recordedAt: record.ts, hash };
  return {
    status: 'differs',
    recordedAt: record.ts,
    recorded: { hash: String(record.schemaHash), tables: Number(record.tables), views: Number(record.views) },
    live: { hash, tables: Object.keys(snapshot.tables).length, views: Object.keys(snapshot.views).length },
  };
}
