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

/**
 * Wraps a Kysely dialect so that an observer sees every statement before it runs.
 * The runner uses it to notice DDL on databases where DDL cannot roll back.
 */
export class ObservedDialect implements Dialect {
  #inner: Dialect;
  #slot: { observer: StatementObserver | undefined };

  constructor(inner: Dialect, slot: { observer: StatementObserver | undefined }) {
    this.#inner = inner;
    this.#slot = slot;
  }

  createDriver(): Driver {
    return new ObservedDriver(this.#inner.createDriver(), this.#slot);
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
}

class ObservedDriver implements Driver {
  #inner: Driver;
  #slot: { observer: StatementObserver | undefined };
  #wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
  #unwrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, slot: { observer: StatementObserver | undefined }) {
    this.#inner = inner;
    this.#slot = slot;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.#inner.acquireConnection();
    let wrapped = this.#wrapped.get(connection);
    if (!wrapped) {
      const slot = this.#slot;
      const sameConnection = {
        query: async <R>(sql: string) => (await connection.executeQuery<R>(CompiledQuery.raw(sql))).rows,
      };
      wrapped = {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          await slot.observer?.(query.sql, sameConnection);
          return connection.executeQuery<R>(query);
        },
        streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
          return connection.streamQuery<R>(query, chunkSize);
        },
      };
      this.#wrapped.set(connection, wrapped);
      this.#unwrapped.set(wrapped, connection);
    }
    return wrapped;
  }
  #raw(connection: DatabaseConnection): DatabaseConnection {
    return this.#unwrapped.get(connection) ?? connection;
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(this.#raw(connection), settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(this.#raw(connection));
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(this.#raw(connection));
  }
  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.savepoint!(this.#raw(connection), name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.rollbackToSavepoint!(this.#raw(connection), name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.releaseSavepoint!(this.#raw(connection), name, compile);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#raw(connection));
  }
  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
