import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Words of a statement that may make the session forget its prepared statements. */
const MAY_FORGET_PREPARED = /\b(deallocate|discard)\b/i;

/** Texts of the runner's frequent statements, and the name each is prepared under. */
const prepared = new Map<string, string>();

/**
 * Registers one of the runner's own statement texts (with `$n` parameters) as prepared on every
 * pool session (see preparePerSession): parsed and planned once per session, then only executed.
 * Returns the text.
 *
 * @example
 * const text = preparedOnEachSession('select … where c.relname = any($1::name[])')
 */
export function preparedOnEachSession(text: string): string {
  if (!prepared.has(text)) prepared.set(text, `dihya_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
  return text;
}

/**
 * Makes a pool client send the texts registered by {@link preparedOnEachSession} as named
 * statements (pg parses a name once per session, then sends only Bind/Execute, and PostgreSQL
 * keeps the plan). A statement naming DEALLOCATE or DISCARD anywhere (a migration may run one) makes the
 * client use fresh names, so a statement is never executed under a name the server forgot.
 *
 * @example
 * pool.on('connect', (client) => preparePerSession(client))
 */
export function preparePerSession(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let generation = 0;
  (client as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
    if (typeof config === 'string') {
      const name = prepared.get(config);
      if (name && Array.isArray(rest[0])) return query({ name: `${name}_${generation}`, text: config, values: rest[0] }, ...rest.slice(1));
    }
    // Anywhere in the text (after a comment, in a DO block, among several statements): a needless
    // new generation only prepares the runner's statements once more.
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text === 'string' && MAY_FORGET_PREPARED.test(text)) generation++;
    return query(config, ...rest);
  };
}
