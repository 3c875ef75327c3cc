import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/** How a dialect sends several statements in one round trip (PostgreSQL's simple query protocol). */
export interface StatementBatching {
  /**
   * The query as one SQL text, its parameters written as literals; undefined when one of them
   * cannot be (only strings, numbers, booleans and nulls are). Used only for the runner's own
   * statements (see {@link ownStatement}), whose texts hold no placeholder-like characters.
   */
  inline(query: CompiledQuery): string | undefined;
  /** Several statements as one text (`a; b; c`). */
  join(statements: string[]): string;
}

const own = new WeakSet<CompiledQuery>();
const held = new WeakSet<CompiledQuery>();

/**
 * Marks one of the runner's own statements (built by Kysely from fixed table and column names):
 * where the dialect batches statements, its parameters may be written as literals so that it
 * shares a round trip with statements held before it (a BEGIN, a SET LOCAL). Returns the query.
 *
 * @example
 * const row = (await db.executeQuery(ownStatement(db.selectFrom('dihya_migrations').selectAll().where('version', '=', v).compile()))).rows[0]
 */
export function ownStatement(query: CompiledQuery): CompiledQuery {
  own.add(query);
  return query;
}

/**
 * Marks one of the runner's own statements whose answer nobody waits for (a history row, an audit
 * mirror row, a SET LOCAL): inside a transaction, where the dialect batches statements, it is held
 * and sent in the same round trip as the next statement on its connection, or as the COMMIT; a
 * failure of it then fails that statement (or the commit), and the transaction rolls back. Where
 * the dialect does not batch (or outside a transaction) it runs at once. Returns the query.
 *
 * @example
 * await trx.executeQuery(heldUntilNext(trx.insertInto('dihya_audit').values(row).compile()))
 */
export function heldUntilNext(query: CompiledQuery): CompiledQuery {
  own.add(query);
  held.add(query);
  return query;
}

/** Whether a query was marked by {@link ownStatement} or {@link heldUntilNext}. */
export function isOwnStatement(query: CompiledQuery): boolean {
  return own.has(query);
}

/** Whether a query was marked by {@link heldUntilNext}. */
export function isHeld(query: CompiledQuery): boolean {
  return held.has(query);
}

/**
 * {@link heldUntilNext} when `held`, else the query as it is: a mark to give where a caller may
 * or may not wait for the answer.
 *
 * @example
 * await queries.execute(db, 'mirror row', values, compile, heldIf(inTransaction))
 */
export function heldIf(held: boolean): (query: CompiledQuery) => CompiledQuery {
  return held ? heldUntilNext : (query) => query;
}

/**
 * Runs a query builder's statement through `db`; with `held`, marked {@link heldUntilNext}.
 *
 * @example
 * await executeMaybeHeld(trx, trx.insertInto('dihya_migrations').values(row), true)
 */
export async function executeMaybeHeld(db: Kysely<any>, query: Compilable, held: boolean): Promise<void> {
  await db.executeQuery(heldIf(held)(query.compile()));
}
