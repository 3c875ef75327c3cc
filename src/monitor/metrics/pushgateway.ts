import type { Registry } from 'prom-client';
import { DihyaError, reasonOf } from '../../errors/dihya-error.ts';
import { redactUrl } from '../../privacy/redaction/redact-url.ts';

/** The Pushgateway job every dihya-migrate run pushes to. */
export const PUSH_JOB = 'dihya_migrate';

/**
 * Checks a Pushgateway base URL (`http://host:9091`, optionally with a path prefix and basic-auth
 * credentials, which are never printed). Throws PUSHGATEWAY_URL_INVALID.
 *
 * @example
 * checkPushgatewayUrl('http://127.0.0.1:9091') // returns the URL
 */
export function checkPushgatewayUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DihyaError('PUSHGATEWAY_URL_INVALID', { url: redactUrl(url), reason: 'not a URL' });
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) {
    throw new DihyaError('PUSHGATEWAY_URL_INVALID', { url: redactUrl(url), reason: `the scheme must be http or https, not ${parsed.protocol.slice(0, -1)}` });
  }
  if (parsed.search || parsed.hash) throw new DihyaError('PUSHGATEWAY_URL_INVALID', { url: redactUrl(url), reason: 'a query or fragment has no meaning here' });
  return url;
}

/**
 * Pushes a registry to a Pushgateway under the grouping key `job=dihya_migrate`,
 * `instance=<target key>` (credential-free). It uses POST, which replaces only the metric names
 * pushed: a push after a failed run leaves out the last-success timestamp, so the one pushed by the
 * last successful run stays, as the Pushgateway documentation advises for batch jobs.
 * Throws METRICS_PUSH_FAILED.
 *
 * @example
 * await pushMetrics('http://127.0.0.1:9091', registry, 'postgres-db-5432-shop', 5000)
 */
export async function pushMetrics(url: string, registry: Registry, instance: string, timeoutMs: number): Promise<void> {
  const { Pushgateway } = await import('prom-client');
  const gateway = new Pushgateway(url, { timeout: timeoutMs }, registry);
  try {
    await gateway.pushAdd({ jobName: PUSH_JOB, groupings: { instance } });
  } catch (error) {
    throw new DihyaError('METRICS_PUSH_FAILED', { url: redactUrl(url), reason: reasonOf(error).replaceAll(url, redactUrl(url)) }, { cause: error });
  }
}
