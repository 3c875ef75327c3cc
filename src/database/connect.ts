import { parseTargetUrl } from './parse-url.ts';
import type { Target } from './target.ts';

/**
 * Opens a Target from a database URL: `sqlite:./file.db`, `postgres://…` or `mysql://…` (MariaDB).
 * Only the chosen dialect's driver is loaded. Throws URL_INVALID / URL_UNSUPPORTED for a bad URL
 * and CONNECTION_FAILED when the server is unreachable; messages never contain the password.
 *
 * @example
 * const target = await connect('sqlite:./app.db')
 * await target.close()
 */
export async function connect(url: string, cwd = process.cwd()): Promise<Target> {
  const spec = parseTargetUrl(url, cwd);
  switch (spec.dialect) {
    case 'sqlite':
      return (await import('./dialects/sqlite/connect.ts')).connectSqlite(spec);
    case 'postgres':
      return (await import('./dialects/postgres/connect.ts')).connectPostgres(spec);
    case 'mysql':
      return (await import('./dialects/mysql/connect.ts')).connectMysql(spec);
  }
}
