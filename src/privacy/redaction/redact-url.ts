const SECRET_PARAM = /pass|secret|token|key|auth/i;

/**
 * A database URL safe to print: the password and secret-looking query
 * parameters are replaced by `***`. Unparseable input is fully masked.
 *
 * @example
 * redactUrl('postgres://app:s3cret@db:5432/shop') // 'postgres://app:***@db:5432/shop'
 */
export function redactUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    return scheme ? `${scheme}://***` : '***';
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}
