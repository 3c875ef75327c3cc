import { Kysely, sql, type Dialect } from 'kysely';
import type { TargetSpec } from './parse-url.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { ObservedDialect, type SessionControl } from './observed-dialect.ts';
import { recordingKysely } from './recording-dialect.ts';
import { redactText } from '../privacy/redaction/redact.ts';
import { redactUrl } from '../privacy/redaction/redact-url.ts';
import type { BackupDriver } from './backup-driver.ts';
import type { StatementBatching } from './held-statements.ts';
import { updateRowsOneByOne, type RowUpdater } from './row-updates.ts';
import type { SchemaSnapshot } from './schema-snapshot.ts';
import type { SessionState } from './session-state.ts';
import type { Capabilities, LockHandle, LockOptions, SnapshotOptions, StatementObserver, Target } from './target.ts';

/** The dialect-specific parts of a Target; everything else is shared. */
export interface TargetParts {
  spec: TargetSpec;
  dialect: Dialect;
  capabilities: Capabilities;
  acquireLock(db: Kysely<any>, options: LockOptions): Promise<LockHandle>;
  /** SQL returning a row when a table of that name exists in the target's current schema (the name is a literal in it, safely quoted). */
  tableExistsSql(name: string): string;
  snapshotSchema(db: Kysely<any>, exclude: string[], only?: string[], options?: SnapshotOptions): Promise<SchemaSnapshot>;
  backup: BackupDriver;
  setLockTimeout?(trx: Kysely<any>, ms: number): Promise<void>;
  isLockTimeout?(error: unknown): boolean;
  commitsImplicitly?(sql: string): boolean;
  /** How connections in flight are stopped after a deadline (see Target.abandonInFlight). */
  sessionControl?: SessionControl;
  /** A batched way to rewrite rows by primary key (default: one UPDATE per row). */
  updateRowsByKey?: RowUpdater;
  /**
   * Frees what Kysely may not know it holds: it only ends a driver it has used, so a pool opened
   * to check the connection would otherwise keep the process alive.
   */
  release?(): Promise<void>;
  /** How a session's state is saved and put back around a migration (default: nothing to do). */
  sessionState?: SessionState;
  /** The dialect has a single connection (SQLite): pinning one would wait on itself. */
  singleConnection?: boolean;
  /** How several statements share one round trip (PostgreSQL); without it every statement is sent alone. */
  batching?: StatementBatching;
  /**
   * A connection of its own for the runner's own short transactions, where statements batch
   * (MariaDB: multiple statements allowed there only); without it they use the pool.
   */
  bookkeeping?: { dialect: Dialect; batching: StatementBatching };
  /** `COPY … FROM stdin` with its data (PostgreSQL). */
  copyFromStdin?(db: Kysely<any>, statement: string, data: string | Iterable<string> | AsyncIterable<string>): Promise<number>;
}

/** Builds a Target around a connected Kysely dialect, with statement observation and dry-run recording. */
export function assembleTarget(parts: TargetParts): Target {
  const slot: { observer: StatementObserver | undefined } = { observer: undefined };
  const observed = new ObservedDialect(parts.dialect, slot, parts.sessionControl, parts.batching);
  const db = new Kysely<any>({ dialect: observed });
  // Never observed: only the runner's own statements go there.
  const bookkeeping = parts.bookkeeping
    ? new Kysely<any>({ dialect: new ObservedDialect(parts.bookkeeping.dialect, { observer: undefined }, {}, parts.bookkeeping.batching) })
    : db;
  return {
    dialect: parts.spec.dialect,
    spec: parts.spec,
    // Redacted as a whole too: a SQLite path may hold an e-mail address (`/home/jane.doe@corp.fr/app.db`).
    displayUrl: redactText(redactUrl(parts.spec.url)),
    db,
    capabilities: parts.capabilities,
    acquireLock: (options) => parts.acquireLock(db, options),
    setLockTimeout: (trx, ms) => parts.setLockTimeout?.(trx, ms) ?? Promise.resolve(),
    isLockTimeout: (error) => parts.isLockTimeout?.(error) ?? false,
    commitsImplicitly: (sql) => parts.commitsImplicitly?.(sql) ?? false,
    tableExists: async (name) => (await sql.raw(parts.tableExistsSql(name)).execute(db)).rows.length > 0,
    tableExistsOn: async (connection, name) => (await connection.query(parts.tableExistsSql(name))).length > 0,
    updateRowsByKey: (conn, update) => (parts.updateRowsByKey ?? updateRowsOneByOne)(conn, update),
    snapshotSchema: (conn = db, exclude = [], only, options) => parts.snapshotSchema(conn, exclude, only, options),
    backup: parts.backup,
    recordingDb: (record) => recordingKysely(parts.dialect, record),
    observeStatements: (observer) => {
      slot.observer = observer;
    },
    abandonInFlight: (reason) => observed.abandonInFlight(reason),
    copyFromStdin: async (conn, statement, data) => {
      if (!parts.copyFromStdin) throw new DihyaError('COPY_FROM_STDIN_UNSUPPORTED', { dialect: parts.spec.dialect });
      return parts.copyFromStdin(conn, statement, data);
    },
    ownTransaction: (work) => bookkeeping.transaction().execute(work),
    onOneConnection: (work) => (parts.singleConnection ? work(db) : db.connection().execute(work)),
    captureSession: (connection) => parts.sessionState?.capture(connection) ?? Promise.resolve(async () => undefined),
    close: async () => {
      await db.destroy();
      if (bookkeeping !== db) await bookkeeping.destroy();
      await parts.release?.().catch(() => undefined);
    },
  };
}
