import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { StatementConnection, StatementObserver, StatementResult } from '../database/target.ts';
import { rowsRemovedBy } from '../sql/rows-removed.ts';
import { schemaTouch, tableWrittenByDml } from '../sql/schema-touch.ts';
import { canonicalTableName } from '../sql/sql-names.ts';
import type { SessionRestore } from '../database/session-state.ts';
import { changesSession, isOpaque, transactionControl } from '../sql/statement-kinds.ts';
import type { MigrationValidation } from '../validate/migration-validator.ts';
import { resolveTableName } from '../validate/row-removal-watch.ts';
import type { StepContext } from './run-context.ts';
import { StepBackups } from './step-backups.ts';

/** Thrown before a statement that would end the migration's transaction behind the runner's back. */
export class TransactionControlRefused extends Error {
  readonly statement: string;
  constructor(kind: string, statement: string) {
    super(`${kind} is not allowed in a migration that runs in a transaction`);
    this.statement = statement.trim().slice(0, 40);
  }
}

/**
 * Watches one step's statements (only the migration's own, not dihya-migrate's bookkeeping):
 * - refuses transaction control (COMMIT, ROLLBACK, BEGIN, SET autocommit…) inside a step that
 *   runs in a transaction;
 * - before a statement that cannot roll back — DDL or CALL/EXECUTE where DDL commits implicitly
 *   (MariaDB), anything after such a commit, any write of a `transactional: false` step — backs
 *   up the tables it touches (see StepBackups; at the first implicit commit also the tables the
 *   transaction wrote, and those their ON DELETE CASCADE keys reach) and writes the `running`
 *   history row, so a crash after it is detected;
 * - after CALL/EXECUTE on MariaDB, asks the server whether the transaction is still open (a
 *   procedure may commit), and from then on treats every write as committed;
 * - before the first statement that may change the session's state (SET, SET ROLE, USE, RESET,
 *   PRAGMA, or opaque code), saves that state, so {@link StatementGuard.restoreSession} can put it
 *   back before dihya-migrate's own statements and the next migration;
 * - counts rows changed per table, and passes statements to the validation.
 *
 * @example
 * const guard = new StatementGuard(step, { transactional: true, validation, markRunning, schemaBefore })
 * target.observeStatements(guard)
 */
export class StatementGuard implements StatementObserver {
  readonly backups: StepBackups;
  /** Rows changed per table by the step's statements (inserted, updated, deleted), as the driver reported them. */
  readonly rowsChanged = new Map<string, number>();
  /** Of those, rows inserted or deleted (what can move a table's row count), per table. */
  readonly rowsAddedOrRemoved = new Map<string, number>();
  /** True once a statement was sent that a rollback cannot undo: the step's outcome on failure is then `partial` (or `restored`). */
  committed = false;
  readonly #step: StepContext;
  readonly #transactional: boolean;
  readonly #validation: MigrationValidation | undefined;
  readonly #markRunning: (connection?: StatementConnection) => Promise<void>;
  readonly #schemaBefore: SchemaSnapshot | undefined;
  readonly #writtenInTransaction = new Set<string>();
  /** After an implicit commit (MariaDB) every statement runs in autocommit: each write is final. */
  #autocommit: boolean;
  /** What puts the session back, once a statement that may change it was seen. */
  #session: SessionRestore | undefined;

  /** True when the step was meant to run in a transaction but a statement committed it implicitly: the session now autocommits. */
  get transactionEnded(): boolean {
    return this.#transactional && this.#autocommit;
  }

  constructor(
    step: StepContext,
    options: {
      transactional: boolean;
      validation?: MigrationValidation;
      /**
       * Writes the `running` history row (once). Given the statement's connection, it writes it in
       * the transaction that statement is about to commit implicitly, so both commit together.
       */
      markRunning: (connection?: StatementConnection) => Promise<void>;
      schemaBefore?: SchemaSnapshot;
      /** For `down`: the history row to put back if the step is undone. */
      rowBefore?: Record<string, unknown>;
    },
  ) {
    this.#step = step;
    this.#transactional = options.transactional;
    this.#validation = options.validation;
    this.#markRunning = options.markRunning;
    this.#schemaBefore = options.schemaBefore;
    this.#autocommit = !options.transactional;
    this.backups = new StepBackups(step, options.rowBefore);
  }

  before = async (sql: string, connection: StatementConnection): Promise<void> => {
    const dialect = this.#step.run.target.dialect;
    if (this.#transactional) {
      const kind = transactionControl(sql, dialect);
      if (kind) throw new TransactionControlRefused(kind, sql);
    }
    const written = this.#tablesWritten(sql);
    const opaque = isOpaque(sql, dialect);
    const implicit = this.#transactional && !this.#step.run.target.capabilities.transactionalDdl && (this.#step.run.target.commitsImplicitly(sql) || opaque);
    if (this.#autocommit || implicit) {
      if (written !== undefined) {
        const firstCommit = implicit && !this.committed;
        const tables = written === 'all' ? 'all' : this.#withCascades([...written, ...(firstCommit ? this.#writtenInTransaction : [])]);
        await this.backups.cover(tables, connection);
        // Before DDL that commits implicitly, the row is written in the transaction it commits: it commits with what came
        // before, ahead of the statement itself. A CALL or EXECUTE may roll back before it commits: its row commits on its own first,
        // as it does once the migration changed its session (USE other_db: the history table is not where the session now looks).
        const commitsWithIt = firstCommit && !opaque && !this.#session && this.#step.run.target.commitsImplicitly(sql);
        await this.#markRunning(commitsWithIt ? connection : undefined);
        this.committed = true;
      }
      if (implicit && !opaque) this.#autocommit = true;
    }
    if (written !== undefined && written !== 'all') for (const table of written) this.#writtenInTransaction.add(table);
    if (!this.#session && changesSession(sql, dialect)) this.#session = await this.#step.run.target.captureSession(connection);
    await this.#validation?.observer.before?.(sql, connection);
  };

  /**
   * Puts the session the step ran on back as it was before its first statement that could
   * change it (nothing to do when there was none). Called on the same connection, with the
   * guard no longer observing; once.
   */
  async restoreSession(connection: StatementConnection): Promise<void> {
    const restore = this.#session;
    this.#session = undefined;
    await restore?.(connection);
  }

  after = async (sql: string, result: StatementResult, connection: StatementConnection): Promise<void> => {
    const table = tableWrittenByDml(sql);
    const n = Number(result.numAffectedRows ?? 0);
    if (table && n > 0) {
      const name = canonicalTableName(table, this.#step.run.target.dialect);
      this.rowsChanged.set(name, (this.rowsChanged.get(name) ?? 0) + n);
      if (!/^\s*update\b/i.test(sql)) this.rowsAddedOrRemoved.set(name, (this.rowsAddedOrRemoved.get(name) ?? 0) + n);
    }
    const { target } = this.#step.run;
    if (!this.#autocommit && this.#transactional && !target.capabilities.transactionalDdl && isOpaque(sql, target.dialect)) {
      // A procedure or a prepared statement may have committed: the server says whether the transaction is still open.
      const rows = await connection.query<{ open: number | string }>('select @@in_transaction as open');
      if (Number(rows[0]?.open) === 0) this.#autocommit = true;
    }
    await this.#validation?.observer.after?.(sql, result, connection);
  };

  /**
   * The tables a statement may write to (rows or structure), canonical names; `'all'` when that
   * cannot be told from its text; undefined when it writes nothing (SELECT, SET, SHOW…).
   */
  #tablesWritten(sql: string): string[] | 'all' | undefined {
    const dialect = this.#step.run.target.dialect;
    if (isOpaque(sql, dialect)) return 'all';
    const touch = schemaTouch(sql);
    if (touch.kind === 'unknown' || touch.kind === 'views') return 'all';
    const names = new Set<string>();
    if (touch.kind === 'tables') for (const t of touch.tables) names.add(canonicalTableName(t, dialect));
    const dml = tableWrittenByDml(sql);
    if (dml) names.add(canonicalTableName(dml, dialect));
    for (const t of rowsRemovedBy(sql, dialect).tables) names.add(canonicalTableName(t, dialect));
    if (names.size === 0 && touch.kind === 'none') return undefined;
    return [...names];
  }

  /** The tables and those their ON DELETE CASCADE foreign keys reach (their rows go too). */
  #withCascades(tables: string[]): string[] {
    const { target } = this.#step.run;
    const known = this.#schemaBefore?.tables ?? {};
    const reached = new Set<string>();
    const pending = [...tables];
    while (pending.length > 0) {
      const written = pending.pop()!;
      const table = resolveTableName(written, known, target.dialect) ?? written;
      if (reached.has(table)) continue;
      reached.add(table);
      for (const [child, snapshot] of Object.entries(known)) {
        if (Object.values(snapshot.foreignKeys).some((fk) => fk.references.table === table && fk.onDelete === 'cascade')) pending.push(child);
      }
    }
    return [...reached];
  }
}
