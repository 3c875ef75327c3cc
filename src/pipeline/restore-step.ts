import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { StepRecovery } from '../backup/step-recovery.ts';
import { countRows } from '../database/row-counts.ts';
import { sameTableName, sqlSyntax } from '../sql/sql-syntax.ts';
import type { RunContext } from './run-context.ts';

/** What restoring a step's backups did. */
export interface StepRestore {
  /** The backups restored, newest first. */
  backups: BackupManifest[];
  /** Tables put back from a backup, and tables dropped (created by the step). */
  tables: string[];
  /** Tables restored whose row count moved more than the step's own statements explain: another session wrote there meanwhile. */
  overwritten: string[];
  /** Differences between the restored tables and what their backups recorded (empty when identical). */
  differences: string[];
}

/**
 * Undoes a step from its recovery record: each of its backups, newest first (each restores its
 * tables to their state when it was taken; a table is in the oldest backup that has it), then the
 * tables it created are dropped. Only those tables change: rows other sessions wrote meanwhile
 * into every other table survive. `rowsAddedOrRemoved` (rows the step's own statements inserted
 * or deleted per table, when known) tells which restored tables other sessions also wrote to:
 * those whose row count moved more than that (rows another session only updated go unnoticed).
 *
 * @example
 * const restored = await restoreStep(run, record, guard.rowsChanged)
 */
export async function restoreStep(run: RunContext, record: StepRecovery, rowsAddedOrRemoved: ReadonlyMap<string, number> = new Map()): Promise<StepRestore> {
  const syntax = sqlSyntax(run.target.dialect);
  const backups = record.parts.map((id) => run.safety.backups.find(id)).reverse();
  const overwritten: string[] = [];
  for (const backup of backups.filter((b) => b.tables)) {
    const present: string[] = [];
    for (const table of run.safety.backups.scope(backup) ?? []) if (await run.target.tableExists(table)) present.push(table);
    const now = await countRows(run.target.db, present);
    for (const [table, count] of Object.entries(now)) {
      const own = [...rowsAddedOrRemoved].filter(([name]) => sameTableName(name, table, syntax)).reduce((sum, [, n]) => sum + n, 0);
      if (Math.abs(count - (run.safety.backups.recordedRows(backup, table) ?? 0)) > own) overwritten.push(table);
    }
  }
  const differences: string[] = [];
  // Tables the step touched before they existed: only those it really created are there to drop.
  const created: string[] = [];
  for (const table of record.created) if (await run.target.tableExists(table)) created.push(table);
  for (const [index, backup] of backups.entries()) {
    const drop = index === backups.length - 1 ? created : [];
    differences.push(...(await run.safety.backups.restore(backup, { kind: 'automatic', drop })).differences);
  }
  if (backups.length === 0) await dropTables(run, created);
  const tables = [...new Set([...backups.flatMap((b) => run.safety.backups.scope(b) ?? ['(whole database)']), ...created])];
  return { backups, tables, overwritten: [...new Set(overwritten)], differences };
}

/** Drops the tables a step created (several passes: one may reference another). */
async function dropTables(run: RunContext, tables: string[]): Promise<void> {
  let left = tables;
  for (let pass = 0; pass < 3 && left.length > 0; pass++) {
    const failed: string[] = [];
    for (const table of left) {
      await run.target.db.schema
        .dropTable(table)
        .ifExists()
        .execute()
        .catch(() => failed.push(table));
    }
    left = failed;
  }
  if (left.length > 0) throw new Error(`could not drop the tables the migration created: ${left.join(', ')}`);
}
