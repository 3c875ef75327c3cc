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
import { isHeld, isOwnStatement, type StatementBatching } from './held-statements.ts';
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
  /** Statements not sent yet, sent with the next one (see heldUntilNext); a held BEGIN first. */
  held: string[];
  /** The transaction's BEGIN is among `held` (nothing of the transaction reached the server yet). */
  beginHeld: boolean;
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
  #batching: StatementBatching | undefined;
  #driver: ObservedDriver | undefined;

  /** With `batching`, a transaction's BEGIN and the statements marked heldUntilNext share a round trip with the statement after them. */
  constructor(inner: Dialect, slot: { observer: StatementObserver | undefined }, control: SessionControl = {}, batching?: StatementBatching) {
    this.#inner = inner;
    this.#slot = slot;
    this.#control = control;
    this.#batching = batching;
  }

  createDriver(): Driver {
    this.#driver = new ObservedDriver(this.#inner.createDriver(), this.#slot, this.#control, this.#batching);
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
  #batching: StatementBatching | undefined;
  #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  #states = new Map<DatabaseConnection, ConnectionState>();

  constructor(inner: Driver, slot: { observer: StatementObserver | undefined }, control: SessionControl, batching: StatementBatching | undefined) {
    this.#inner = inner;
    this.#slot = slot;
    this.#control = control;
    this.#batching = batching;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      const state = freshState(connection);
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
    const flushHeld = () => this.#flushHeld(state);
    const send = <R>(query: CompiledQuery) => this.#send<R>(state, query);
    const sameConnection = {
      query: async <R>(sql: string, parameters: readonly unknown[] = []) => {
        refuseIfAbandoned();
        return (await send<R>(CompiledQuery.raw(sql, [...parameters]))).rows;
      },
    };
    const batching = this.#batching;
    return {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        refuseIfAbandoned();
        const observer = slot.observer;
        // Held for the next round trip only where no observer watches (it sees every statement it is shown run).
        const inline = batching && state.inTransaction && !observer && isHeld(query) ? batching.inline(query) : undefined;
        if (inline !== undefined) {
          state.held.push(inline);
          return { rows: [] };
        }
        await observer?.before?.(query.sql, sameConnection);
        state.running++;
        let result: QueryResult<R>;
        try {
          result = await send<R>(query);
        } finally {
          state.running--;
        }
        refuseIfAbandoned();
        await observer?.after?.(query.sql, result.numAffectedRows === undefined ? {} : { numAffectedRows: result.numAffectedRows }, sameConnection);
        return result;
      },
      async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        refuseIfAbandoned();
        await flushHeld();
        yield* connection.streamQuery<R>(query, chunkSize);
      },
    };
  }

  /**
   * Sends `query`, with the statements held before it in the same round trip where it can be one
   * text (no parameters, or the runner's own statement inlined), else in one round trip before it.
   */
  async #send<R>(state: ConnectionState, query: CompiledQuery): Promise<QueryResult<R>> {
    const batching = this.#batching;
    if (!batching || state.held.length === 0) return state.raw.executeQuery<R>(query);
    const before = this.#takeHeld(state);
    const text = query.parameters.length === 0 ? query.sql : isOwnStatement(query) ? batching.inline(query) : undefined;
    if (text !== undefined) return state.raw.executeQuery<R>(CompiledQuery.raw(batching.join([...before, text])));
    await state.raw.executeQuery(CompiledQuery.raw(batching.join(before)));
    return state.raw.executeQuery<R>(query);
  }

  /** Sends what is held on the connection, in one round trip. */
  async #flushHeld(state: ConnectionState): Promise<void> {
    if (state.held.length === 0) return;
    await state.raw.executeQuery(CompiledQuery.raw(this.#batching!.join(this.#takeHeld(state))));
  }

  #takeHeld(state: ConnectionState): string[] {
    state.beginHeld = false;
    return state.held.splice(0);
  }

  #state(connection: DatabaseConnection): ConnectionState {
    return this.#states.get(connection) ?? { ...freshState(connection), abandoned: 'the connection was stopped after a deadline' };
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) throw new Error(`This connection was stopped: ${state.abandoned}`);
    // Where statements batch, BEGIN waits for the transaction's first statement and goes with it
    // (PostgreSQL and MySQL take the transaction's snapshot at its first statement anyway).
    if (this.#batching && !settings.isolationLevel && !settings.accessMode) {
      state.held.push('begin');
      state.beginHeld = true;
    } else await this.#inner.beginTransaction(state.raw, settings);
    state.inTransaction = true;
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) throw new Error(`This connection was stopped: ${state.abandoned}`);
    try {
      if (state.beginHeld && state.held.length === 1)
        this.#takeHeld(state); // nothing of it reached the server
      // In an aborted transaction the first held statement fails, so the COMMIT never answers ROLLBACK here.
      else if (state.held.length > 0) await state.raw.executeQuery(CompiledQuery.raw(this.#batching!.join([...this.#takeHeld(state), 'commit'])));
      else await this.#inner.commitTransaction(state.raw);
    } finally {
      state.inTransaction = false;
    }
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const state = this.#state(connection);
    if (state.abandoned) return; // already rolled back by abandonInFlight
    const begun = !state.beginHeld;
    this.#takeHeld(state);
    try {
      if (begun) await this.#inner.rollbackTransaction(state.raw);
    } finally {
      state.inTransaction = false;
    }
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const state = this.#state(connection);
    await this.#flushHeld(state);
    return this.#inner.savepoint!(state.raw, name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const state = this.#state(connection);
    await this.#flushHeld(state);
    return this.#inner.rollbackToSavepoint!(state.raw, name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    const state = this.#state(connection);
    await this.#flushHeld(state);
    return this.#inner.releaseSavepoint!(state.raw, name, compile);
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

/** The state of a connection just acquired: outside a transaction, nothing running or held. */
function freshState(raw: DatabaseConnection): ConnectionState {
  return { raw, inTransaction: false, running: 0, held: [], beginHeld: false };
}
