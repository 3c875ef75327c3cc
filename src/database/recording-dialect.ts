import { Kysely, type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';

/**
 * A Kysely instance that compiles queries for `dialect` but sends nothing: each statement is
 * handed to `record` and answered with no rows. Used by `plan` to show the SQL of a
 * TypeScript migration without running it.
 *
 * @example
 * const seen: string[] = []
 * const db = recordingKysely(new SqliteDialect({ database: async () => { throw new Error('unused') } }), (s) => seen.push(s))
 * await db.schema.createTable('t').addColumn('a', 'integer').execute() // seen: ['create table "t" ("a" integer)']
 */
export function recordingKysely(dialect: Dialect, record: (sql: string) => void): Kysely<any> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      record(query.sql);
      return { rows: [] };
    },
    streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
      record(query.sql);
      const noRows: AsyncIterableIterator<QueryResult<R>> = {
        next: async () => ({ done: true, value: undefined }),
        [Symbol.asyncIterator]: () => noRows,
      };
      return noRows;
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return new Kysely<any>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createDriver: () => driver,
    },
  });
}
