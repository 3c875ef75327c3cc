import { redactDeep } from '../../privacy/redaction/redact.ts';
import { VERSION } from '../../version.ts';
import type { Alert, AlertContext } from './alert.ts';

/** The generic JSON document POSTed to a `json` webhook. */
export interface JsonAlertPayload {
  source: 'dihya-migrate';
  version: string;
  alert: string;
  anomaly?: string;
  severity: 'critical' | 'warning';
  title: string;
  details: string[];
  target: string;
  dialect: string;
  actor: string;
  host: string;
  command: string;
  run?: string;
  migration?: { version: string; name: string };
  code?: string;
  at: string;
}

/**
 * The generic JSON payload of an alert, redacted (no secret nor personal value survives).
 *
 * @example
 * const body = jsonPayload(alert, { target: 'postgres://app:***@db/shop', dialect: 'postgres', actor: 'ci@build-1', host: 'build-1' })
 */
export function jsonPayload(alert: Alert, context: AlertContext): JsonAlertPayload {
  return redactDeep({ source: 'dihya-migrate', version: VERSION, ...alertFields(alert), ...context });
}

/** A Slack-compatible payload: `text` (the notification) and `blocks` (the message). */
export interface SlackAlertPayload {
  text: string;
  blocks: ({ type: 'section'; text: { type: 'mrkdwn'; text: string } } | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] })[];
}

/**
 * The Slack-compatible payload of an alert (incoming webhooks of Slack, Mattermost, Rocket.Chat…),
 * redacted and escaped for mrkdwn.
 *
 * @example
 * const body = slackPayload(alert, context) // { text: ':rotating_light: dihya-migrate: Migration … failed (postgres://…)', blocks: [...] }
 */
export function slackPayload(alert: Alert, context: AlertContext): SlackAlertPayload {
  const icon = alert.severity === 'critical' ? ':rotating_light:' : ':warning:';
  const where = [context.target, alert.command, ...(alert.run ? [alert.run] : []), `${context.actor} on ${context.host}`].map(escape).join(' · ');
  return redactDeep({
    text: `${icon} dihya-migrate: ${escape(alert.title)} (${escape(context.target)})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: [`*${escape(alert.title)}*`, ...alert.details.map(escape)].join('\n') } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: where }] },
    ],
  });
}

function alertFields(alert: Alert) {
  return {
    alert: alert.kind,
    ...(alert.anomaly ? { anomaly: alert.anomaly } : {}),
    severity: alert.severity,
    title: alert.title,
    details: alert.details,
    command: alert.command,
    ...(alert.run ? { run: alert.run } : {}),
    ...(alert.migration ? { migration: alert.migration } : {}),
    ...(alert.code ? { code: alert.code } : {}),
    at: alert.at,
  };
}

/** Escapes what Slack's mrkdwn treats as markup. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
