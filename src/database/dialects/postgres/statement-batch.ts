import type { CompiledQuery } from 'kysely';
import type pg from 'pg';
import type { StatementBatching } from '../../held-statements.ts';

/**
 * A value as a PostgreSQL literal, read the same whatever `standard_conforming_strings` says: a
 * quoted string (quotes doubled; with a backslash, an `E'…'` string with backslashes doubled too).
 * Numbers, booleans and bigints are quoted as well, as `pg` sends them as text: the server types
 * the literal from where it stands, as it types a parameter. Undefined for anything else.
 *
 * @example
 * postgresLiteral("o'brien") // "'o''brien'"
 * postgresLiteral('a\\b')    // "E'a\\\\b'"
 * postgresLiteral(null)      // 'NULL'
 */
export function postgresLiteral(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else return undefined;
  const quoted = text.replaceAll("'", "''");
  return text.includes('\\') ? `E'${quoted.replaceAll('\\', '\\\\')}'` : `'${quoted}'`;
}

/**
 * PostgreSQL's way of sending several statements in one round trip: one text without parameters
 * goes through the simple query protocol, which runs each statement in turn (and stops at the
 * first that fails). Kysely's `$n` placeholders of the runner's own statements become literals.
 */
export const postgresBatching: StatementBatching = {
  inline(query: CompiledQuery): string | undefined {
    const values = query.parameters.map(postgresLiteral);
    if (values.includes(undefined)) return undefined;
    return query.sql.replace(/\$(\d+)/g, (placeholder, n: string) => values[Number(n) - 1] ?? placeholder);
  },
  join: (statements) => statements.join(';\n'),
};

/**
 * Makes a pool client answer a text of several statements with the last statement's result (pg
 * answers it with one result per statement, which Kysely does not read), so a statement sent with
 * others before it (see postgresBatching) gets its own rows.
 *
 * @example
 * pool.on('connect', (client) => answerWithLastResult(client))
 */
export function answerWithLastResult(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const result = query(...args);
    return result instanceof Promise ? result.then((answer: unknown) => (Array.isArray(answer) ? answer.at(-1) : answer)) : result;
  };
}
