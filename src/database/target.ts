import type { Kysely } from 'kysely';
import type { BackupDriver } from './backup-driver.ts';
import type { SchemaSnapshot } from './schema-snapshot.ts';
import type { DialectName, TargetSpec } from './parse-url.ts';
import type { KeyedRowUpdate } from './row-updates.ts';
import type { SessionRestore } from './session-state.ts';

/** What a dialect can and cannot do; the runner reads these flags instead of checking dialect names. */
export interface Capabilities {
  /** DDL (CREATE/ALTER/DROP) rolls back with the transaction. False on MySQL/MariaDB. */
  transactionalDdl: boolean;
  /** The dialect supports a per-transaction lock wait limit that the runner retries on (Postgres lock_timeout). */
  lockTimeoutRetry: boolean;
  /** A restore commits only once complete (SQLite, PostgreSQL); a failed one leaves the database unchanged. */
  atomicRestore: boolean;
  /**
   * How a column's type is changed in place: `alter-column-type` (PostgreSQL `ALTER COLUMN … TYPE`),
   * `modify-column` (MySQL/MariaDB `MODIFY COLUMN`), or `not-needed` (SQLite does not enforce lengths).
   */
  columnTypeChange: 'alter-column-type' | 'modify-column' | 'not-needed';
  /** `REPLACE INTO` deletes the row with the same key and inserts the new one in one statement (SQLite, MySQL/MariaDB). */
  replaceInto: boolean;
  /** The migration lock lives on a session of its own (PostgreSQL advisory lock, MariaDB GET_LOCK): checking it does not use the step's connection. */
  lockOnOwnSession?: boolean;
}

/** A held migration lock. */
export interface LockHandle {
  /** Who holds it, for messages: `pid@host` or a server session id. */
  readonly holder: string;
  /** Throws LOCK_LOST when the lock is no longer ours. Inside a transaction where the dialect allows. */
  assertHeld(db?: Kysely<any>): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for another run to finish, in ms. */
  timeoutMs: number;
  /** Lease length for dialects without session locks (SQLite), in ms. */
  leaseMs: number;
  /** Name of the history table; the lock is scoped to it. */
  table: string;
}

/** Runs raw SQL (with `parameters` for its placeholders) on the very connection (and transaction) a statement is about to use. */
export interface StatementConnection {
  query<R = Record<string, unknown>>(sql: string, parameters?: readonly unknown[]): Promise<R[]>;
}

/** What the driver reported about a statement that ran. */
export interface StatementResult {
  /** Rows inserted, updated or deleted, where the driver reports it. */
  numAffectedRows?: bigint | number;
}

/**
 * Sees each statement of a migration: `before` it is sent (it may run queries of its own on the
 * same connection, take a backup, or throw to refuse it) and `after` it ran, with what the driver
 * reported. Only SQL text is seen, never parameters.
 */
export interface StatementObserver {
  before?(sql: string, connection: StatementConnection): Promise<void> | void;
  after?(sql: string, result: StatementResult, connection: StatementConnection): Promise<void> | void;
}

/** What a schema snapshot may leave unread. */
export interface SnapshotOptions {
  /** False: the views did not change since the caller's last snapshot; they need not be read. */
  views?: boolean;
}

/**
 * A connected database: a Kysely instance plus what the engine needs that Kysely does not give.
 * Dialect-specific SQL lives only in the dialect folders that build a Target.
 */
export interface Target {
  readonly dialect: DialectName;
  readonly spec: TargetSpec;
  /** The URL without its password, safe to print. */
  readonly displayUrl: string;
  readonly db: Kysely<any>;
  readonly capabilities: Capabilities;
  acquireLock(options: LockOptions): Promise<LockHandle>;
  /** Sets the lock wait limit for the current transaction (no-op where unsupported). */
  setLockTimeout(trx: Kysely<any>, ms: number): Promise<void>;
  /** True when the error means "could not get a table lock in time" (retryable). */
  isLockTimeout(error: unknown): boolean;
  /** True when the statement ends the current transaction by itself (DDL on MySQL/MariaDB). */
  commitsImplicitly(sql: string): boolean;
  /** True when a table of that name exists in the target's current schema. */
  tableExists(name: string): Promise<boolean>;
  /** The same, asked on a given connection (inside a statement observer, where the pool may not be usable: SQLite has one connection). */
  tableExistsOn(connection: StatementConnection, name: string): Promise<boolean>;
  /**
   * The schema as it is now (through `db`, e.g. inside a transaction), without the tables
   * whose names are in `exclude` (dihya-migrate's own), and with `only`, just those tables (views: all).
   * With `views: false` the caller knows the views did not change: a dialect may leave them unread
   * (the snapshot then holds none).
   */
  snapshotSchema(db?: Kysely<any>, exclude?: string[], only?: string[], options?: SnapshotOptions): Promise<SchemaSnapshot>;
  /**
   * Rewrites rows by primary key through `db` (inside a transaction: batched where the dialect
   * can, PostgreSQL and MariaDB; one UPDATE per row otherwise). Used by anonymization and erasure.
   */
  updateRowsByKey(db: Kysely<any>, update: KeyedRowUpdate): Promise<void>;
  /** Backup and restore of the whole database. */
  readonly backup: BackupDriver;
  /** A Kysely that compiles for this dialect but only records statements (for dry runs). */
  recordingDb(record: (sql: string) => void): Kysely<any>;
  /** Replaces the statement observer (undefined to stop observing). */
  observeStatements(observer: StatementObserver | undefined): void;
  /**
   * Stops every transaction and statement in flight on the target's pool, after a deadline: their
   * server sessions are ended from another connection (PostgreSQL, MariaDB) or rolled back (SQLite),
   * so the server rolls their work back and releases their locks; their connections then refuse any
   * further statement (the code that was waiting on them may still wake up). Returns how many were stopped.
   */
  abandonInFlight(reason: string): Promise<number>;
  close(): Promise<void>;
  /**
   * Saves the state of the session behind `connection` (settings, role, current schema or
   * database, variables) and returns what puts it back, on the same connection: the runner calls
   * it before a migration's first statement that may change that state, and restores once the
   * migration is done, before its own statements (see SessionState).
   */
  captureSession(connection: StatementConnection): Promise<SessionRestore>;
  /**
   * Runs `work` with a Kysely bound to one connection of the pool, so session state a migration
   * sets outside a transaction (SET, USE) holds for its next statements and can be put back
   * there. SQLite has one connection: `work` gets the pool as it is.
   */
  onOneConnection<T>(work: (db: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in a transaction of the runner's own bookkeeping (not a migration's statements),
   * where statements marked heldUntilNext go to the server with the COMMIT in one round trip when
   * the dialect can (MariaDB: on a connection of its own that allows several statements).
   */
  ownTransaction<T>(work: (trx: Kysely<any>) => Promise<T>): Promise<T>;
  /**
   * Runs `COPY … FROM stdin` through `db` with its data (text lines, as pg_dump writes them)
   * streamed to the server; returns the rows copied. PostgreSQL only: elsewhere it throws
   * COPY_FROM_STDIN_UNSUPPORTED.
   */
  copyFromStdin(db: Kysely<any>, statement: string, data: string | Iterable<string> | AsyncIterable<string>): Promise<number>;
}
