import { passwordOf } from './pg-connection.ts';

/**
 * What the libpq tools (pg_dump, pg_restore, psql) need to reach a database, without a command line.
 *
 * @example
 * const { env, password }: PgToolConnection = pgToolConnection(url)
 */
export interface PgToolConnection {
  /** PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD (when the URL has one), PGSSLMODE, … */
  env: NodeJS.ProcessEnv;
  /** The password, for masking in messages. */
  password: string | undefined;
}

const LIBPQ_PARAMS: Record<string, string> = {
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
};

/**
 * The environment for a libpq tool to connect to `url`. The password goes into PGPASSWORD,
 * never on the command line (where `ps` shows it); the tools are also run with --no-password
 * so they fail instead of prompting.
 *
 * @example
 * const { env, password } = pgToolConnection('postgres://app:pw@db:5432/shop?sslmode=require')
 * // env: { PGHOST: 'db', PGPORT: '5432', PGUSER: 'app', PGDATABASE: 'shop', PGPASSWORD: 'pw', PGSSLMODE: 'require', … }
 */
export function pgToolConnection(url: string): PgToolConnection {
  const parsed = new URL(url);
  const password = passwordOf(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username) || 'postgres',
    PGDATABASE: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
    PGAPPNAME: 'dihya-migrate backup',
    PGCLIENTENCODING: 'UTF8',
  };
  if (password !== undefined) env.PGPASSWORD = password;
  for (const [key, value] of parsed.searchParams) {
    const name = LIBPQ_PARAMS[key];
    if (name) env[name] = value;
    if (key === 'ssl' && (value === 'true' || value === '1')) env.PGSSLMODE ??= 'require';
    if (key === 'host' && value.startsWith('/')) env.PGHOST = value;
  }
  return { env, password };
}
