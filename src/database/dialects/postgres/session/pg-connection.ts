import pg from 'pg';
import { redactSecrets } from '../../../../privacy/redaction/redact-secrets.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';

/**
 * The password of a database URL (decoded), or undefined. Only for masking it and for
 * passing it to client tools through their environment: never print it.
 *
 * @example
 * passwordOf('postgres://app:p%40ss@db/shop') // 'p@ss'
 */
export function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/**
 * Opens one `pg` client on `url` for backup work. Connection errors are rethrown without the password.
 *
 * @example
 * const client = await openPgClient('postgres://postgres@127.0.0.1:5432/shop')
 * try { await client.query('select 1') } finally { await client.end() }
 */
export async function openPgClient(url: string, applicationName = 'dihya-migrate backup'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: applicationName });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw pgError(`Could not connect to ${redactUrl(url)}`, error, url);
  }
  return client;
}

/**
 * An Error `context: reason` for a failed PostgreSQL operation, with the password of `url`
 * masked, the cause kept, and the server's detail/hint/position when it sent them.
 *
 * @example
 * throw pgError('pg-copy restore failed', error, url)
 */
export function pgError(context: string, error: unknown, url: string): Error {
  const e = error as { message?: string; detail?: string; hint?: string; where?: string } | undefined;
  const parts = [e?.message ?? String(error)];
  if (e?.detail) parts.push(`detail: ${e.detail}`);
  if (e?.hint) parts.push(`hint: ${e.hint}`);
  if (e?.where) parts.push(`where: ${e.where}`);
  return new Error(redactSecrets(`${context}: ${parts.join('; ')}`, [passwordOf(url)]), { cause: error });
}
