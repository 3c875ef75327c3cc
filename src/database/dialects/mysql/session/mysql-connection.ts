import { createConnection, type Connection } from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { redactSecrets } from '../../../../privacy/redaction/redact-secrets.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';

/**
 * One MySQL/MariaDB connection for backup work: the callback API (for row streams) and its promise view.
 *
 * @example
 * const session: MysqlSession = await openMysqlSession(url)
 * const rows = session.raw.query('select * from t').stream()
 */
export interface MysqlSession {
  /** Callback connection: `raw.query(sql).stream()` streams rows. */
  raw: Connection;
  /** Promise API of the same connection. */
  db: PromiseConnection;
  end(): Promise<void>;
}

/**
 * The password of a database URL (decoded), or undefined. Only for masking it and for handing
 * it to client tools through a 0600 option file: never print it.
 *
 * @example
 * mysqlPasswordOf('mysql://app:p%40ss@db/shop') // 'p@ss'
 */
export function mysqlPasswordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/**
 * Opens one connection on `url` (`mysql://` or `mariadb://`) in utf8mb4, session time zone UTC.
 * Connection errors are rethrown without the password.
 *
 * @example
 * const session = await openMysqlSession('mysql://root@127.0.0.1:3306/shop')
 * try { await session.db.query('select 1') } finally { await session.end() }
 */
export async function openMysqlSession(url: string): Promise<MysqlSession> {
  const raw = createConnection({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    connectTimeout: 10_000,
  });
  raw.on('error', () => undefined);
  const db = raw.promise();
  try {
    await db.connect();
    await db.query("SET time_zone = '+00:00'");
  } catch (error) {
    raw.destroy();
    throw mysqlError(`Could not connect to ${redactUrl(url)}`, error, url);
  }
  return {
    raw,
    db,
    end: async () => {
      await db.end().catch(() => raw.destroy());
    },
  };
}

/**
 * An Error `context: reason` for a failed MySQL operation, with the password of `url` masked
 * and the cause kept.
 *
 * @example
 * throw mysqlError('Backup of mysql://app:***@db/shop failed', error, url)
 */
export function mysqlError(context: string, error: unknown, url: string): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(redactSecrets(`${context}: ${reason}`, [mysqlPasswordOf(url)]), { cause: error });
}

/**
 * A MySQL identifier in backquotes.
 *
 * @example
 * quoteMysqlIdent('order`s') // '`order``s`'
 */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * A MySQL string literal (backslash and quote escaped, as the server's QUOTE() does).
 *
 * @example
 * quoteMysqlLiteral("it's") // "'it\\'s'"
 */
export function quoteMysqlLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replaceAll('\u001a', '\\Z')}'`;
}
