import type { BackupManifest } from '../backup/backup-manifest.ts';
import type { StepRecovery } from '../backup/step-recovery.ts';
import type { StatementConnection } from '../database/target.ts';
import { sameTableName, sqlSyntax, type SqlSyntax } from '../sql/sql-syntax.ts';
import { restoreStep, type StepRestore } from './restore-step.ts';
import type { StepContext } from './run-context.ts';

/**
 * The backups that cover one step, taken lazily: just before the step's first statement that
 * cannot roll back (DDL on MariaDB, any write of a `transactional: false` migration), of the
 * tables that statement touches — and, at the first implicit commit on MariaDB, of the tables the
 * transaction wrote so far. A table is backed up once, before its first such statement; a table
 * that did not exist yet is only remembered (undoing drops it). A statement whose tables cannot be
 * told (CALL, EXECUTE, views, anything not recognized) gets one whole-database backup. So the cost
 * follows the tables a migration touches, not the size of the database.
 *
 * The step's recovery record (backups, created tables, history row before) is written to the state
 * dir before each such statement, so a step cut short by a crash can be undone later
 * (`resolve <version> --undo`); on failure, `restore()` undoes it at once.
 *
 * @example
 * const backups = new StepBackups(step)
 * await backups.cover(['orders'], connection)     // before `alter table orders …` on MariaDB
 * const restored = await backups.restore(rowsChanged)
 */
export class StepBackups {
  readonly #step: StepContext;
  readonly #syntax: SqlSyntax;
  readonly parts: BackupManifest[] = [];
  readonly #covered = new Set<string>();
  readonly #record: StepRecovery;
  /** Backups taken inside the statement observer, to record in the audit once the connection is free. */
  #unaudited: BackupManifest[] = [];
  #whole = false;

  constructor(step: StepContext, rowBefore?: Record<string, unknown>) {
    this.#step = step;
    this.#syntax = sqlSyntax(step.run.target.dialect);
    this.#record = {
      version: step.migration.version,
      name: step.migration.name,
      direction: step.direction,
      run: step.run.runId,
      parts: [],
      created: [],
      ...(rowBefore ? { rowBefore } : {}),
    };
  }

  /** True once any statement that cannot roll back was covered (by a backup, or as a table created by the step). */
  get touchedIrreversibly(): boolean {
    return this.parts.length > 0 || this.#record.created.length > 0 || this.#whole;
  }

  /**
   * Backs up, before a statement that cannot roll back, the tables it touches that are not backed
   * up yet (`'all'`: the whole database, once), and saves the recovery record. `connection` is the
   * statement's own (the pool may be busy: SQLite has one connection).
   */
  async cover(tables: string[] | 'all', connection: StatementConnection): Promise<void> {
    const { run, migration } = this.#step;
    if (this.#whole) return;
    if (tables === 'all') {
      this.#whole = true;
      this.#keep(await run.safety.backup(`before a statement of ${migration.name}`, null, { kind: 'step', run: run.runId, deferAudit: true }));
      this.#persist();
      return;
    }
    const fresh = tables.filter((t) => !this.#covered.has(t.toLowerCase()) && !this.#ownTable(t));
    if (fresh.length === 0) return;
    const existing: string[] = [];
    for (const table of fresh) {
      if (await run.target.tableExistsOn(connection, table)) existing.push(table);
      else this.#record.created.push(table);
      this.#covered.add(table.toLowerCase());
    }
    if (existing.length > 0) {
      const reason = `before ${migration.name} changes ${existing.join(', ')}`;
      this.#keep(await run.safety.backup(reason, null, { kind: 'step', run: run.runId, tables: existing, deferAudit: true }));
    }
    this.#persist();
  }

  /** Records in the audit the backups taken since the last call (call it once the statement observer is off). */
  async flushAudit(): Promise<void> {
    const pending = this.#unaudited;
    this.#unaudited = [];
    for (const part of pending) await this.#step.run.safety.auditBackup(part);
  }

  /** Undoes the step now (see restoreStep), then forgets its recovery record. `rowsAddedOrRemoved`: by the step's own statements, per table. */
  async restore(rowsAddedOrRemoved: ReadonlyMap<string, number>): Promise<StepRestore> {
    const restored = await restoreStep(this.#step.run, this.#record, rowsAddedOrRemoved);
    this.forget();
    return restored;
  }

  /** Forgets the recovery record (the step committed, or was undone). */
  forget(): void {
    if (this.touchedIrreversibly) this.#step.run.safety.backups.steps.clear(this.#record.version);
  }

  #keep(part: BackupManifest | undefined): void {
    if (!part) return;
    this.parts.push(part);
    this.#record.parts.push(part.id);
    this.#unaudited.push(part);
    this.#step.run.emitter.emit({
      type: 'backup-created',
      id: part.id,
      method: part.method,
      durationMs: part.durationMs,
      reason: part.reason,
      bytes: part.totalSize,
    });
  }

  #persist(): void {
    this.#step.run.safety.backups.steps.write(this.#record);
  }

  #ownTable(table: string): boolean {
    return this.#step.run.tables.all.some((own) => sameTableName(own, table, this.#syntax));
  }
}
