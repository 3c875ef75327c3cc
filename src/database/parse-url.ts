import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { redactUrl } from '../privacy/redaction/redact-url.ts';

import type { DialectName } from '../sql/dialect-name.ts';

export type { DialectName };

/** A database URL split into what a dialect needs to connect. */
export type TargetSpec =
  | { dialect: 'sqlite'; url: string; file: string }
  | { dialect: 'postgres'; url: string; database: string; host: string; port: number; user: string }
  | { dialect: 'mysql'; url: string; database: string; host: string; port: number; user: string };

/**
 * Parses and checks a database URL. Relative SQLite paths resolve against `cwd`.
 *
 * @example
 * parseTargetUrl('sqlite:./app.db')                  // { dialect: 'sqlite', file: '/abs/app.db', ... }
 * parseTargetUrl('postgres://app@127.0.0.1:5432/shop') // { dialect: 'postgres', database: 'shop', ... }
 */
export function parseTargetUrl(url: string, cwd = process.cwd()): TargetSpec {
  const shown = redactUrl(url);
  if (url.trim() === '') throw new DihyaError('URL_MISSING');
  if (url.startsWith('sqlite:')) {
    let file = url.slice('sqlite:'.length);
    if (file.startsWith('//')) file = file.slice(2);
    if (file === '') throw new DihyaError('URL_INVALID', { url: shown, reason: 'no file path after sqlite:' });
    if (file === ':memory:') return { dialect: 'sqlite', url, file };
    return { dialect: 'sqlite', url, file: path.resolve(cwd, file) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DihyaError('URL_INVALID', { url: shown, reason: 'not a URL' });
  }
  const scheme = parsed.protocol.slice(0, -1);
  const dialect = schemeToDialect(scheme);
  if (!dialect) throw new DihyaError('URL_UNSUPPORTED', { scheme, url: shown });
  if (!parsed.hostname) throw new DihyaError('URL_INVALID', { url: shown, reason: 'no host' });
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new DihyaError('URL_INVALID', { url: shown, reason: 'no database name (add /name after the host)' });
  if (database.includes('/')) throw new DihyaError('URL_INVALID', { url: shown, reason: 'the database name cannot contain "/"' });
  const port = parsed.port ? Number(parsed.port) : SERVER_DEFAULTS[dialect].port;
  const user = decodeURIComponent(parsed.username) || SERVER_DEFAULTS[dialect].user;
  return { dialect, url, database, host: parsed.hostname, port, user };
}

/** The port and user a server URL means when it names none. */
const SERVER_DEFAULTS = { postgres: { port: 5432, user: 'postgres' }, mysql: { port: 3306, user: 'root' } } as const;

function schemeToDialect(scheme: string): 'postgres' | 'mysql' | undefined {
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  return undefined;
}
