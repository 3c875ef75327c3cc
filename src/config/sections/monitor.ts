import { z } from 'zod';

/** The alert kinds a webhook can subscribe to (`monitor.alerts[].events`). */
export const ALERT_KINDS = ['failure', 'auto-restore', 'audit-tamper', 'schema-drift', 'file-drift', 'interrupted', 'anomaly'] as const;

/** Days of the week as `monitor.changeWindow.days` names them. */
export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `monitor` when the config does not set it (what `monitorSection().parse(undefined)` gives). */
export const MONITOR_DEFAULTS = {
  pushTimeoutMs: 5_000,
  alerts: [],
  delivery: { timeoutMs: 5_000, retries: 3, backoffMs: 500, totalMs: 15_000 },
  timeoutShare: 0.8,
  lockWaitAlertMs: 30_000,
  accessLockWaitMs: 2_000,
  check: { backupVerifiedBy: 'restore' as const },
};

/** `monitor`: metrics, alerts, the access log and `check`. */
export function monitorSection() {
  const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00 to 23:59');

  const timeZone = z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as UTC or Europe/Paris');

  const httpUrl = (what: string) =>
    z.string().refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `${what} must be an http:// or https:// URL`);

  /** One webhook that receives alerts. */
  const webhook = z
    .object({
      /** Where alerts are POSTed. Never printed nor audited (a Slack URL holds a secret token): only its host is. */
      url: httpUrl('the webhook URL'),
      /** `json` (a generic JSON document) or `slack` (`{ text, blocks }`, for Slack and compatible chats). Default json. */
      kind: z.enum(['json', 'slack']).default('json'),
      /** The alert kinds sent to this webhook. Default: every kind. */
      events: z.array(z.enum(ALERT_KINDS)).min(1).optional(),
    })
    .strict();

  /**
   * `monitor.changeWindow`: when runs are expected. A run that starts outside it is an anomaly (it
   * still runs). `from` later than `to` spans midnight; the day is the day the window opens.
   */
  const changeWindow = z
    .object({
      /** Days the window opens. Default every day. */
      days: z
        .array(z.enum(WEEK_DAYS))
        .min(1)
        .default([...WEEK_DAYS]),
      /** Opening time, `HH:MM` (24 h) in `timeZone`. */
      from: clock,
      /** Closing time, `HH:MM`; earlier than `from` for a window across midnight. */
      to: clock,
      /** IANA time zone of `from` and `to`. Default UTC. */
      timeZone: timeZone.default('UTC'),
    })
    .strict();

  return z
    .object({
      /** Pushgateway base URL (`http://pushgateway:9091`): metrics are pushed at the end of every run. `--pushgateway` overrides it. */
      pushgateway: httpUrl('monitor.pushgateway').optional(),
      /** How long one push may take, ms. Default 5000. */
      pushTimeoutMs: z.number().int().min(100).default(5_000),
      /** node_exporter textfile (`/var/lib/node_exporter/textfile/dihya.prom`), rewritten atomically after every run; relative to the config file. `--metrics-file` overrides it. */
      metricsFile: z.string().min(1).optional(),
      /** Webhooks that receive alerts. Default none. */
      alerts: z.array(webhook).default([]),
      /** Delivery of one alert: per attempt timeout, retries with exponential backoff, and a bound on the whole delivery. */
      delivery: z
        .object({
          timeoutMs: z.number().int().min(50).default(5_000),
          retries: z.number().int().min(0).max(10).default(3),
          backoffMs: z.number().int().min(0).default(500),
          /** Longest the end of a run waits for deliveries still going on; then they are abandoned and audited as failed. */
          totalMs: z.number().int().min(100).default(15_000),
        })
        .strict()
        .prefault({}),
      /** A migration that runs longer than this, ms, is an anomaly (unless it declares its own `timeoutMs`). */
      budgetMs: z.number().int().min(1).optional(),
      /** A migration that declares `timeoutMs` is an anomaly once it used more than this share of it. Default 0.8. */
      timeoutShare: z.number().gt(0).max(1).default(0.8),
      /** Waiting longer than this for the migration lock, ms, is an anomaly. Default 30000. */
      lockWaitAlertMs: z.number().int().min(0).default(30_000),
      /** Who may run migrations: `user@host` patterns with `*` (`ci@build-*`, `alice@*`); a pattern without `@` means any host. Default: anyone. */
      allowedActors: z.array(z.string().min(1)).min(1).optional(),
      changeWindow: changeWindow.optional(),
      /** The access log: how long a command waits for the migration lock to append its entry before queueing it, ms. Default 2000. */
      accessLockWaitMs: z.number().int().min(0).default(2_000),
      /** `dihya-migrate check`. */
      check: z
        .object({
          /** When set, `check` fails unless a verified backup younger than this exists, hours. */
          backupMaxAgeHours: z.number().gt(0).optional(),
          /** What makes a backup verified: `restore` (restored into a scratch database and compared: `backup verify`, or `backup.verify: full`) or `checksum` (its files still match their SHA-256). Default restore. */
          backupVerifiedBy: z.enum(['restore', 'checksum']).default('restore'),
        })
        .strict()
        .prefault({}),
    })
    .strict()
    .prefault({});
}

/** The `monitor` section with its defaults. */
export type MonitorConfig = z.output<ReturnType<typeof monitorSection>>;
/** One configured webhook. */
export type WebhookConfig = MonitorConfig['alerts'][number];
/** A configured change window. */
export type ChangeWindowConfig = NonNullable<MonitorConfig['changeWindow']>;
/** What an alert is about. */
export type AlertKind = (typeof ALERT_KINDS)[number];
