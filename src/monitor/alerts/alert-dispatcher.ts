import { randomUUID } from 'node:crypto';
import type { AuditEventMap } from '../../audit/audit-events.ts';
import type { WebhookConfig } from '../../config/sections/monitor.ts';
import type { Alert, AlertContext } from './alert.ts';
import { deliverWebhook, type DeliveryPolicy, type DeliveryResult } from './deliver-webhook.ts';
import { jsonPayload, slackPayload } from './payloads.ts';

/** One alert's delivery to one webhook, once it ended. */
export interface AlertOutcome {
  alert: Alert;
  /** `#1 slack hooks.slack.com`: the webhook's position, kind and host, never its URL. */
  webhook: string;
  result: DeliveryResult;
}

/**
 * Sends alerts to the webhooks that take their kind. Deliveries start at once, in the background,
 * so a run never waits for a slow receiver; {@link settle} collects them at the end of the run
 * (each delivery is bounded by `monitor.delivery.totalMs`, so settling is too).
 *
 * @example
 * const alerts = new AlertDispatcher(config.monitor.alerts, config.monitor.delivery, () => context)
 * alerts.raise(alert)
 * for (const outcome of await alerts.settle()) await appendEntry(run, auditEntryOf(outcome))
 */
export class AlertDispatcher {
  readonly #webhooks: WebhookConfig[];
  readonly #policy: DeliveryPolicy;
  readonly #context: () => AlertContext;
  #inFlight: Promise<AlertOutcome>[] = [];

  /** `context`: where alerts come from (target, actor, host), read when each alert is raised. */
  constructor(webhooks: WebhookConfig[], policy: DeliveryPolicy, context: () => AlertContext) {
    this.#webhooks = webhooks;
    this.#policy = policy;
    this.#context = context;
  }

  /** Starts delivering `alert` to every webhook that takes its kind. */
  raise(alert: Alert): void {
    const context = this.#context();
    const key = randomUUID();
    for (const [index, webhook] of this.#webhooks.entries()) {
      if (webhook.events && !webhook.events.includes(alert.kind)) continue;
      const body = JSON.stringify(webhook.kind === 'slack' ? slackPayload(alert, context) : jsonPayload(alert, context));
      const label = webhookLabel(webhook, index);
      this.#inFlight.push(deliverWebhook(webhook.url, body, this.#policy, key).then((result) => ({ alert, webhook: label, result })));
    }
  }

  /** Waits for every delivery started so far (each bounded) and returns how they ended. */
  settle(): Promise<AlertOutcome[]> {
    const inFlight = this.#inFlight;
    this.#inFlight = [];
    return Promise.all(inFlight);
  }
}

/** The audit entry of a delivery. */
export type AlertAuditEntry =
  { event: 'alert.delivered'; details: AuditEventMap['alert.delivered'] } | { event: 'alert.failed'; details: AuditEventMap['alert.failed'] };

/**
 * The audit entry of a delivery: `alert.delivered` or `alert.failed`.
 *
 * @example
 * auditEntryOf(outcome) // { event: 'alert.failed', details: { alert: 'failure', webhook: '#1 json 127.0.0.1:8080', attempts: 4, reason: 'HTTP 500' } }
 */
export function auditEntryOf(outcome: AlertOutcome): AlertAuditEntry {
  const { alert, webhook, result } = outcome;
  const base = { alert: alert.kind, ...(alert.anomaly ? { anomaly: alert.anomaly } : {}), webhook, attempts: result.attempts };
  return result.ok
    ? { event: 'alert.delivered', details: { ...base, status: result.status ?? 0 } }
    : { event: 'alert.failed', details: { ...base, reason: result.reason ?? 'unknown' } };
}

function webhookLabel(webhook: WebhookConfig, index: number): string {
  return `#${index + 1} ${webhook.kind} ${new URL(webhook.url).host}`;
}
