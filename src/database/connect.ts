import { parseTargetUrl } from './parse-url.ts';
import type { Target } from './target.ts';

/** How to connect. */
export interface ConnectOptions {
  /** False: a SQLite file that does not exist is refused (SQLITE_FILE_MISSING) instead of created. Default true. */
  create?: boolean;
}

/**
 * Opens a Target from a database URL: `sqlite:./file.db`, `postgres://…` or `mysql://…` (MariaDB).
 * Only the chosen dialect's driver is loaded. Throws URL_INVALID / URL_UNSUPPORTED for a bad URL
 * and CONNECTION_FAILED when the server is unreachable; messages never contain the password. With
 * `create: false`, a missing SQLite file is SQLITE_FILE_MISSING (read-only commands create nothing).
 *
 * @example
 * const target = await connect('sqlite:./app.db')
 * await target.close()
 */
export async function connect(url: string, cwd = process.cwd(), options: ConnectOptions = {}): Promise<Target> {
  const spec = parseTargetUrl(url, cwd);
  switch (spec.dialect) {
    case 'sqlite':
      return (await import('./dialects/sqlite/connect.ts')).connectSqlite(spec, options);
    case 'postgres':
      return (await import('./dialects/postgres/connect.ts')).connectPostgres(spec);
    case 'mysql':
      return (await import('./dialects/mysql/connect.ts')).connectMysql(spec);
  }
}
