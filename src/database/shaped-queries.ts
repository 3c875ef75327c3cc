import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';

/**
 * Queries whose SQL text depends only on their shape (the table, the columns given, which
 * clauses), compiled by Kysely once per shape: later runs of the same shape send the SQL kept
 * from the first with their own parameters, so the bookkeeping of every migration (history
 * lookup and row, audit mirror row) does not build and compile the same query again.
 *
 * The first compilation of a shape is kept only when its parameters are exactly the values the
 * caller gives, in that order: the caller's `parameters` are then known to be what the compiled
 * SQL takes. Otherwise (an expression among the values, a column Kysely leaves out) the shape is
 * compiled every time, as before.
 *
 * @example
 * const queries = new ShapedQueries()
 * await queries.execute(db, 'find', [version], () => db.selectFrom('dihya_migrations').selectAll().where('version', '=', version).compile())
 */
export class ShapedQueries {
  readonly #sql = new Map<string, string>();

  /**
   * Runs the query `compile()` gives through `db` (compiled once per `shape`, see the class);
   * `parameters` are its values in order. `mark` tags the query before it runs (see
   * held-statements.ts: `ownStatement`, `heldUntilNext`).
   */
  async execute<R>(
    db: Kysely<any>,
    shape: string,
    parameters: readonly unknown[],
    compile: () => CompiledQuery<R>,
    mark: (query: CompiledQuery) => CompiledQuery = (query) => query,
  ): Promise<QueryResult<R>> {
    const known = this.#sql.get(shape);
    if (known !== undefined) return db.executeQuery<R>(mark(CompiledQuery.raw(known, [...parameters])));
    const compiled = compile();
    if (sameValues(compiled.parameters, parameters)) this.#sql.set(shape, compiled.sql);
    return db.executeQuery<R>(mark(compiled));
  }
}

/** The columns of a row that Kysely writes (those whose value is not undefined), and their values in the same order. */
export function rowColumns(row: Record<string, unknown>): { shape: string; values: unknown[] } {
  const columns = Object.keys(row).filter((column) => row[column] !== undefined);
  return { shape: columns.join(','), values: columns.map((column) => row[column]) };
}

function sameValues(compiled: readonly unknown[], given: readonly unknown[]): boolean {
  return compiled.length === given.length && compiled.every((value, i) => Object.is(value, given[i]));
}
