import { VERSION } from '../../version.ts';

/** How one alert is delivered to one webhook (`monitor.delivery`). */
export interface DeliveryPolicy {
  /** Per attempt, ms. */
  timeoutMs: number;
  /** Attempts after the first, for network errors, timeouts, 408, 429 and 5xx answers. */
  retries: number;
  /** Wait before the first retry, ms; doubled before each next one. */
  backoffMs: number;
  /** Bound on the whole delivery, retries and waits included, ms. */
  totalMs: number;
}

/** How a delivery ended. `reason` never holds the URL (a webhook URL may carry a secret token). */
export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  status?: number;
  reason?: string;
}

/**
 * POSTs a JSON body to a webhook (with the same `Idempotency-Key` header on every attempt, so a receiver
 * can drop the copy a retry after a timeout may deliver twice): each attempt bounded by `timeoutMs`, retried with exponential
 * backoff on network errors, timeouts, 408, 429 and 5xx, and the whole delivery bounded by
 * `totalMs`. Never throws; redirects are refused (they could carry the alert elsewhere).
 *
 * @example
 * const result = await deliverWebhook('https://hooks.example.org/T/B/x', JSON.stringify(payload), { timeoutMs: 5000, retries: 3, backoffMs: 500, totalMs: 15000 })
 * result.ok // true once a 2xx answer came back
 */
export async function deliverWebhook(url: string, body: string, policy: DeliveryPolicy, idempotencyKey?: string): Promise<DeliveryResult> {
  const overall = AbortSignal.timeout(policy.totalMs);
  const gaveUp = () => `gave up after ${policy.totalMs} ms (monitor.delivery.totalMs)`;
  let reason = 'not attempted';
  let status: number | undefined;
  let attempts = 0;
  while (attempts <= policy.retries && !overall.aborted) {
    attempts++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': `dihya-migrate/${VERSION}`,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.any([overall, AbortSignal.timeout(policy.timeoutMs)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      status = response.status;
      if (response.ok) return { ok: true, attempts, status };
      reason = `HTTP ${response.status}`;
      if (!retryable(response.status)) break;
    } catch (error) {
      reason = overall.aborted ? gaveUp() : describe(error, policy.timeoutMs);
    }
    if (attempts <= policy.retries) await wait(policy.backoffMs * 2 ** (attempts - 1), overall);
  }
  if (overall.aborted) reason = gaveUp();
  return { ok: false, attempts, reason, ...(status !== undefined ? { status } : {}) };
}

function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Why a request failed, without its URL. */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code === 'string') return `connection failed (${code})`;
  return error instanceof Error && error.name !== 'TypeError' ? error.name : 'request failed';
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
