import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { StatementObserver } from './target.ts';

/** How a dialect stops a connection that must not go on (after a deadline). */
export interface SessionControl {
  /** SQL returning the server session's id as `id` (pg_backend_pid(), connection_id()); absent where there is no server. */
  sessionIdSql?: string;
  /** Ends a server session from another connection; the server rolls its transaction back. */
  endSession?(id: string): Promise<void>;
  /** Rolls the connection's transaction back in place (SQLite: one connection, no server). */
  rollbackInPlace?(): void;
}

interface ConnectionState {
  raw: DatabaseConnection;
  sessionId?: string;
  inTransaction: boolean;
  running: number;
  /** Set once abandoned: every further statement on it is refused. */
  abandoned?: string;
  /** Released to the pool by abandonInFlight (the later release by its owner is ignored). */
  released?: boolean;
}

/**
 * Wraps a Kysely dialect so that an observer sees every statement before and after it runs (the
 * runner uses it to notice DDL where DDL cannot roll back, to back tables up just before, and to
 * count rows changed), and so that the connections in flight can be abandoned after a deadline.
 */
export class ObservedDialect implements Dialect {
  #inner: Dialect;
  #slot: { observer: StatementObserver | undefined };
  #control: SessionControl;
  #driver: ObservedDriver | undefined;

  constructor(inner: Dialect, slot: { observer: StatementObserver | undefined }, control: SessionControl = {}) {
    this.#inner = inner;
    this.#slot = slot;
    this.#control = control;
  }

  createDriver(): Driver {
    this.#driver = new ObservedDriver(this.#inner.createDriver(), this.#slot, this.#control);
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return this.#inner.createQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return this.#inner.createAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.#inner.createIntrospector(db);
  }

  /** See Target.abandonInFlight. */
  abandonInFlight(reason: string): Promise<number> {
    return this.#driver?.abandonInFlight(reason) ?? Promise.resolve(0);
  }
}

class ObservedDriver implements Driver {
  #inner: Driver;
  #slot: { observer: StatementObserver | undefined };
  #control: SessionControl;
  #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  #states = new Map<DatabaseConnection, ConnectionState>();

  constructor(inner: Driver, slot: { observer: StatementObserver | undefined }, control: SessionControl) {
    this.#inner = inner;
    this.#slot = slot;
    this.#control = control;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      const state: ConnectionState = { raw: connection, inTransaction: false, running: 0 };
      if (this.#control.sessionIdSql) {
        const { rows } = await connection.executeQuery<{ id: unknown }>(CompiledQuery.raw(this.#control.sessionIdSql));
        state.sessionId = String(rows[0]?.id);
      }
      wrapped = this.#wrap(connection, state);
      this.#wrapped.set(connection, wrapped);
      this.#states.set(wrapped, state);
    }
    const state = this.#states.get(wrapped)!;
    state.released = false;
    return wrapped;
  }

  #wrap(connection: DatabaseConnection, state: ConnectionState): DatabaseConnection {
    const slot = this.#slot;
    const refuseIfAbandoned = () => {
      if (state.abandoned) throw new Error(`This connection was stopped: ${state.abandoned}`);
    };
    const sameConnection = {
      query: async <R>(sql: string, parameters: readonly unknown[] = []) => {
        refuseIfAbandoned();
        return (await connection.executeQuery<R>(CompiledQuery.raw(sql, [...parameters]))).rows;
      },
    };
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        refuseIfAbandoned();
        const observer = slot.observer;
        await observer?.before?.(query.sql, sameConnection);
        state.running++;
        let result: QueryResult<R>;
        try {
          result = await connection.executeQuery<R>(query);
        } finally {
          state.running--;
        }
        refuseIfAbandoned();
        await observer?.after?.(query.sql, result.numAffectedRows === undefined ? {} : { numAffectedRows: result.numAffectedRows }, sameConnection);
        return result;
      },
      streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        refuseIfAbandoned();
        return connection.streamQuery<R>(query, chunkSize);
      },
    };
  }

  #state(connection: DatabaseConnection): ConnectionState {
    return this.#states.get(connection) ?? { raw: connection, inTransaction: false, running: 0, abandoned: 'the connection was stopped after a deadline' };
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) throw new Error(`This connection was stopped: ${state.abandoned}`);
    await this.#inner.beginTransaction(state.raw, settings);
    state.inTransaction = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) throw new Error(`This connection was stopped: ${state.abandoned}`);
    await this.#inner.commitTransaction(state.raw);
    state.inTransaction = false;
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) return; // already rolled back by abandonInFlight
    try {
      await this.#inner.rollbackTransaction(state.raw);
    } finally {
      state.inTransaction = false;
    }
  }
  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.savepoint!(this.#state(connection).raw, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.rollbackToSavepoint!(this.#state(connection).raw, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.releaseSavepoint!(this.#state(connection).raw, name, compile);
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const state = this.#states.get(connection);
    if (!state) return; // abandoned and already handed back
    if (state.released) return;
    state.released = true;
    await this.#inner.releaseConnection(state.raw);
  }

  async abandonInFlight(reason: string): Promise<number> {
    let stopped = 0;
    for (const [wrapped, state] of [...this.#states]) {
      if (state.released || state.abandoned || (!state.inTransaction && state.running === 0)) continue;
      state.abandoned = reason;
      stopped++;
      if (state.sessionId !== undefined && this.#control.endSession) {
        await this.#control.endSession(state.sessionId).catch(() => undefined);
        await untilUnusable(state.raw);
      } else {
        try {
          this.#control.rollbackInPlace?.();
        } catch {
          // nothing was open any more
        }
      }
      state.inTransaction = false;
      state.released = true;
      // The pool drops a dead server connection on release; SQLite's single connection goes back to its mutex.
      await this.#inner.releaseConnection(state.raw).catch(() => undefined);
      this.#wrapped.delete(state.raw);
      this.#states.delete(wrapped);
    }
    return stopped;
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** Waits (up to 2 s) until a connection whose server session was ended refuses a statement, so the pool knows it is dead. */
async function untilUnusable(connection: DatabaseConnection): Promise<void> {
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline) {
    try {
      await Promise.race([
        connection.executeQuery(CompiledQuery.raw('select 1')),
        new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), 200)),
      ]);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
