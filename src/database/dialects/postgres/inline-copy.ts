import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The one parameter of a `COPY … FROM stdin` query that carries its data (see installInlineCopy). */
class InlineCopyData {
  readonly data: string | Iterable<string> | AsyncIterable<string>;
  constructor(data: string | Iterable<string> | AsyncIterable<string>) {
    this.data = data;
  }
}

/**
 * Lets a `pg` client run `COPY … FROM stdin` with its data given as the query's only parameter
 * (an InlineCopyData, made by {@link copyFromStdin}): the data is streamed to the server through
 * pg-copy-streams on that client, inside whatever transaction it is in. The result says
 * `INSERT` with the rows copied, so Kysely reports them as affected rows (it drops a COPY's count).
 * Any other query goes to the client as it is.
 *
 * @example
 * pool.on('connect', (client) => installInlineCopy(client))
 */
export function installInlineCopy(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length === 1 && values[0] instanceof InlineCopyData) {
      return copy(client, config, values[0].data);
    }
    return query(config, values, callback);
  };
}

async function copy(client: pg.PoolClient, statement: string, data: InlineCopyData['data']): Promise<{ command: string; rowCount: number; rows: [] }> {
  const stream = copyFrom(statement);
  await pipeline(typeof data === 'string' ? Readable.from([data]) : Readable.from(data), client.query(stream));
  return { command: 'INSERT', rowCount: stream.rowCount, rows: [] };
}

/**
 * Runs `COPY … FROM stdin` through `db` (a transaction, the pool, or a dry run's recorder) with
 * its data streamed to the server; returns the rows copied. The statement is seen by statement
 * observers like any other.
 *
 * @example
 * await copyFromStdin(trx, 'copy items (id, name) from stdin', '1\ta\n2\tb\n') // 2
 */
export async function copyFromStdin(db: Kysely<any>, statement: string, data: InlineCopyData['data']): Promise<number> {
  const result = await db.executeQuery(CompiledQuery.raw(statement, [new InlineCopyData(data)]));
  return Number(result.numAffectedRows ?? 0);
}
