import { connectMysql } from './dialects/mysql/connect.ts';
import { connectPostgres } from './dialects/postgres/connect.ts';
import { connectSqlite } from './dialects/sqlite/connect.ts';
import { parseTargetUrl } from './parse-url.ts';
import type { Target } from './target.ts';

/**
 * Opens a Target from a database URL: `sqlite:./file.db`, `postgres://…` or `mysql://…` (MariaDB).
 * Throws URL_INVALID / URL_UNSUPPORTED for a bad URL and CONNECTION_FAILED when the server is unreachable;
 * messages never contain the password.
 *
 * @example
 * const target = await connect('sqlite:./app.db')
 * await target.close()
 */
export async function connect(url: string, cwd = process.cwd()): Promise<Target> {
  const spec = parseTargetUrl(url, cwd);
  switch (spec.dialect) {
    case 'sqlite':
      return connectSqlite(spec);
    case 'postgres':
      return connectPostgres(spec);
    case 'mysql':
      return connectMysql(spec);
  }
}
