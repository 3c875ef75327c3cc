import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { jsonPayload, slackPayload } from '../../src/monitor/alerts/payloads.ts';
import { deliverWebhook } from '../../src/monitor/alerts/deliver-webhook.ts';
import { alertKindOf, type Alert } from '../../src/monitor/alerts/alert.ts';
import { actorAllowed } from '../../src/monitor/anomalies/allowed-actors.ts';
import { describeChangeWindow, insideChangeWindow } from '../../src/monitor/anomalies/change-window.ts';
import { stepAnomalies } from '../../src/monitor/anomalies/step-anomalies.ts';
import { stateFromAudit } from '../../src/monitor/metrics/metrics-state.ts';
import { compareWithRecordedSchema } from '../../src/monitor/schema-record.ts';
import { monitorErrors } from '../../src/errors/codes/monitor.ts';
import { monitorErrorsFr } from '../../src/cli/i18n/errors-fr/monitor.ts';
import { checkPushgatewayUrl } from '../../src/monitor/metrics/pushgateway.ts';
import { writeTextfile } from '../../src/monitor/metrics/textfile.ts';
import type { CommittedStep } from '../../src/pipeline/run-context.ts';
import { freePort } from '../helpers/prometheus.ts';
import { startReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const monitor = configSchema().parse({}).monitor;

describe('the change window', () => {
  const weekdays = {
    days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[],
    from: '09:00',
    to: '17:00',
    timeZone: 'Europe/Paris',
  };
  it('holds a daytime window in its time zone', () => {
    expect(insideChangeWindow(weekdays, new Date('2026-11-30T08:30:00Z'))).toBe(true); // Monday 09:30 in Paris
    expect(insideChangeWindow(weekdays, new Date('2026-11-30T07:30:00Z'))).toBe(false); // Monday 08:30 in Paris
    expect(insideChangeWindow(weekdays, new Date('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
  });
  it('spans midnight when it closes before it opens, belonging to the day it opens', () => {
    const friday = { days: ['fri'] as 'fri'[], from: '22:00', to: '02:00', timeZone: 'UTC' };
    expect(insideChangeWindow(friday, new Date('2026-11-27T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(insideChangeWindow(friday, new Date('2026-11-28T01:30:00Z'))).toBe(true); // Saturday 01:30
    expect(insideChangeWindow(friday, new Date('2026-11-28T03:00:00Z'))).toBe(false);
    expect(insideChangeWindow(friday, new Date('2026-11-26T23:00:00Z'))).toBe(false); // Thursday 23:00
    expect(insideChangeWindow({ days: ['sun'], from: '00:00', to: '00:00', timeZone: 'UTC' }, new Date('2026-11-29T15:00:00Z'))).toBe(true);
  });
  it('is described as people write it, and refused with its path when malformed', () => {
    expect(describeChangeWindow(weekdays)).toBe('mon,tue,wed,thu,fri 09:00-17:00 Europe/Paris');
    expect(describeChangeWindow({ ...weekdays, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] })).toBe('every day 09:00-17:00 Europe/Paris');
    const bad = (changeWindow: unknown) => configSchema().safeParse({ monitor: { changeWindow } }).error?.issues[0];
    expect(bad({ from: '25:00', to: '02:00' })).toMatchObject({ path: ['monitor', 'changeWindow', 'from'], message: 'must be HH:MM, 00:00 to 23:59' });
    expect(bad({ from: '22:00', to: '02:00', timeZone: 'Mars/Olympus' })?.message).toContain('IANA time zone');
    expect(bad({ from: '22:00', to: '02:00', days: ['funday'] })?.path).toEqual(['monitor', 'changeWindow', 'days', 0]);
    expect(configSchema().safeParse({ monitor: { alerts: [{ url: 'mailto:ops@example.org' }] } }).error?.issues[0]?.message).toBe(
      'the webhook URL must be an http:// or https:// URL',
    );
    expect(configSchema().safeParse({ monitor: { alerts: [{ url: 'not a url' }] } }).success).toBe(false);
    expect(configSchema().safeParse({ monitor: { pushgateway: 'http://pgw:9091', pushGateway: 'x' } }).error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});

describe('allowed actors', () => {
  it('matches user@host patterns with wildcards, any host without @, case-insensitively', () => {
    expect(actorAllowed(['ci@build-*'], 'ci@build-7', 'build-7')).toBe(true);
    expect(actorAllowed(['ci@build-*'], 'ci@laptop', 'laptop')).toBe(false);
    expect(actorAllowed(['Alice'], 'alice@anywhere', 'anywhere')).toBe(true);
    expect(actorAllowed(['release-bot'], 'release-bot', 'runner-3')).toBe(true);
    expect(actorAllowed(['deploy.bot@prod'], 'deployxbot@prod', 'prod')).toBe(false);
    expect(actorAllowed(['mallory@*', 'ops-*@bastion'], 'ops-jane@bastion', 'bastion')).toBe(true);
  });
});

describe('anomalies of a committed step', () => {
  const step = (definition: object, durationMs: number, rowsChanged?: Record<string, number>) =>
    ({
      migration: { version: '20260101000000', name: '20260101000000_x', definition: { description: 'x', up: () => undefined, ...definition } },
      durationMs,
      report: rowsChanged ? { changes: [], after: { tables: {}, views: {} }, problems: [], rowsChanged } : undefined,
    }) as unknown as CommittedStep;

  it('finds a step slower than monitor.budgetMs or than its share of timeoutMs', () => {
    expect(stepAnomalies(step({}, 5000), monitor)).toEqual([]);
    expect(stepAnomalies(step({}, 5000), { ...monitor, budgetMs: 1000 })).toEqual([
      { kind: 'slow-migration', detail: 'took 5000 ms, budget 1000 ms (monitor.budgetMs)' },
    ]);
    expect(stepAnomalies(step({ timeoutMs: 10_000 }, 8500), { ...monitor, budgetMs: 100_000 })).toEqual([
      { kind: 'slow-migration', detail: 'took 8500 ms, budget 8000 ms (0.8 of timeoutMs 10000)' },
    ]);
  });

  it('finds more rows changed than checks.rowsChanged declares, an undeclared table counting as 0', () => {
    const declared = { checks: { rowsChanged: { orders: 10, customers: { min: 1, max: 5 }, logs: { min: 1 } } } };
    expect(stepAnomalies(step(declared, 1, { orders: 10, customers: 5, logs: 10_000 }), monitor)).toEqual([]);
    expect(stepAnomalies(step(declared, 1, { ORDERS: 11, customers: 6, audit_trail: 2 }), monitor)).toEqual([
      { kind: 'rows-changed', detail: 'ORDERS: 11 changed, 10 declared; customers: 6 changed, 5 declared; audit_trail: 2 changed, 0 declared' },
    ]);
    expect(stepAnomalies(step({}, 1, { orders: 1000 }), monitor)).toEqual([]);
  });
});

describe('webhook delivery', () => {
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => receiver?.close());
  // Generous bounds: a loaded machine must not turn a slow answer into a retry.
  const policy = { timeoutMs: 10_000, retries: 3, backoffMs: 10, totalMs: 60_000 };

  it('gives up at once on a client error, and retries 429 until it is accepted', async () => {
    receiver = await startReceiver((n) => (n === 1 ? 404 : 200));
    expect(await deliverWebhook(receiver.url, '{}', policy)).toEqual({ ok: false, attempts: 1, status: 404, reason: 'HTTP 404' });
    await receiver.close();
    receiver = await startReceiver((n) => (n < 3 ? 429 : 204));
    expect(await deliverWebhook(receiver.url, '{"a":1}', policy)).toEqual({ ok: true, attempts: 3, status: 204 });
    expect(receiver.received[2]!.headers['content-type']).toBe('application/json');
    expect(receiver.received[2]!.headers['user-agent']).toMatch(/^dihya-migrate\//);
  });

  it('says why without the URL when nothing listens, and bounds the whole delivery', async () => {
    const port = await freePort();
    const refused = await deliverWebhook(`http://127.0.0.1:${port}/T/B/secret`, '{}', policy);
    expect(refused).toEqual({ ok: false, attempts: 4, reason: 'connection failed (ECONNREFUSED)' });
    receiver = await startReceiver(() => 'hang');
    const bounded = await deliverWebhook(receiver.url, '{}', { timeoutMs: 5000, retries: 5, backoffMs: 10, totalMs: 300 });
    expect(bounded).toEqual({ ok: false, attempts: 1, reason: 'gave up after 300 ms (monitor.delivery.totalMs)' });
  });
});

describe('alert payloads', () => {
  const alert: Alert = {
    kind: 'anomaly',
    anomaly: 'rows-changed',
    severity: 'warning',
    title: 'Anomaly <rows> & more',
    details: ['customers: 6 changed; contact alice.martin@example.org'],
    command: 'up',
    run: 'run-1',
    at: '2026-11-27T06:00:00.000Z',
  };
  const context = { target: 'postgres://app:***@db:5432/shop', dialect: 'postgres', actor: 'ci@build-1', host: 'build-1' };

  it('are redacted, and escaped for Slack mrkdwn', () => {
    const json = jsonPayload(alert, context);
    expect(json).toMatchObject({ source: 'dihya-migrate', alert: 'anomaly', anomaly: 'rows-changed', run: 'run-1', target: context.target });
    expect(JSON.stringify(json)).not.toContain('alice');
    expect(json.details[0]).toContain('[email]');
    const slack = slackPayload(alert, context);
    expect(slack.text).toBe(':warning: dihya-migrate: Anomaly &lt;rows&gt; &amp; more (postgres://app:***@db:5432/shop)');
    expect(JSON.stringify(slack)).not.toContain('alice');
    const { run: _run, ...withoutRun } = alert;
    expect(slackPayload({ ...withoutRun, severity: 'critical' }, context).text).toMatch(/^:rotating_light:/);
  });

  it('have a kind per error code', () => {
    expect(['AUDIT_BROKEN', 'DRIFT_RENAMED', 'INTERRUPTED', 'LOCK_HELD'].map(alertKindOf)).toEqual(['audit-tamper', 'file-drift', 'interrupted', 'failure']);
  });
});

describe('metrics from the audit log', () => {
  it('counts runs per command with deferred accesses at their own time, and bounds anomaly kinds', () => {
    const entry = (event: string, ts: string, details: object = {}) => ({ seq: 0, ts, actor: 'a', target: 't', event, prev: '', ...details });
    const state = stateFromAudit([
      entry('run.end', '2026-11-27T06:00:00.000Z', { command: 'up' }),
      entry('access', '2026-11-27T07:00:00.000Z', { command: 'up', outcome: 'LOCK_HELD' }),
      entry('access', '2026-11-27T09:00:00.000Z', { command: 'up', outcome: 'ok', deferred: '2026-11-27T08:00:00.000Z' }),
      entry('run.failed', '2026-11-27T10:00:00.000Z', { command: 'custom-thing' }),
      entry('anomaly', '2026-11-27T10:00:00.000Z', { kind: 'made-up' }),
      entry('restore.automatic', '2026-11-27T10:00:00.000Z', { identical: false, reason: 'tool failed' }),
      entry('restore.manual', '2026-11-27T10:00:00.000Z', { identical: false }),
      entry('backup.created', '2026-11-27T11:00:00.000Z', { id: 'b1', bytes: 10, durationMs: 5, verified: 'restored into a scratch database' }),
      entry('backup.created', '2026-11-27T12:00:00.000Z', { id: 'b2', bytes: 20, durationMs: 5, verified: 'files' }),
      entry('backup.verified', '2026-11-27T13:00:00.000Z', { id: 'b2', identical: false }),
      entry('alert.delivered', '2026-11-27T13:00:00.000Z', { alert: 'failure' }),
      entry('alert.failed', '2026-11-27T13:00:00.000Z', { alert: 'failure' }),
      entry('migration.failed', '2026-11-27T13:00:00.000Z', {}),
      entry('migration.reverted', '2026-11-27T13:00:00.000Z', { durationMs: 1500 }),
    ]);
    expect(state.migrationsReverted).toBe(1);
    expect(state.migrationDurations).toEqual([{ seconds: 1.5, labels: { direction: 'down' } }]);
    expect(state.lastVerifiedBackupAt).toBe(Date.parse('2026-11-27T11:00:00.000Z') / 1000);
    expect(state.lastBackup).toEqual({ at: Date.parse('2026-11-27T12:00:00.000Z') / 1000, bytes: 20 });
    expect([...state.alerts.values()]).toEqual([1, 1]);
    expect([...state.migrationsFailed.keys()].map((k) => k.split('\u0000'))).toEqual([['up', 'partial']]);
    expect(state.runs.get('up')).toEqual({
      lastRunAt: Date.parse('2026-11-27T08:00:00.000Z') / 1000,
      lastRunOk: true,
      lastSuccessAt: Date.parse('2026-11-27T08:00:00.000Z') / 1000,
    });
    expect(state.runs.has('custom-thing')).toBe(false);
    expect([...state.anomalies]).toEqual([['other', 1]]);
    expect([...state.restores.keys()].map((k) => k.split('\u0000'))).toEqual([
      ['automatic', 'failed'],
      ['manual', 'differs'],
    ]);
    expect([...state.commands.entries()].map(([k, n]) => [k.split('\u0000'), n])).toEqual([
      [['up', 'failed'], 1],
      [['up', 'ok'], 1],
    ]);
  });
});

describe('metrics export targets', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('refuses a Pushgateway URL that is not one, and reports a textfile it cannot replace', () => {
    expect(() => checkPushgatewayUrl('pushgateway:9091 ')).toThrow(DihyaError);
    expect(() => checkPushgatewayUrl('nota url')).toThrow(/not a URL/);
    dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-textfile-'));
    const taken = path.join(dir, 'dihya.prom');
    mkdirSync(taken);
    const error = (() => {
      try {
        writeTextfile(taken, 'dihya_x 1\n');
      } catch (e) {
        return e as DihyaError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('METRICS_FILE_WRITE_FAILED');
  });
});

describe('the recorded schema', () => {
  it('is not compared when something changed the schema after it was recorded (a run cut short): the next run records it', async () => {
    const entry = (event: string) => ({ seq: 0, ts: '2026-11-27T06:00:00.000Z', actor: 'a', target: 't', event, prev: '' });
    const deps = { target: undefined, tables: undefined } as never;
    expect(await compareWithRecordedSchema(deps, [entry('schema.recorded'), entry('access'), entry('migration.applied')])).toEqual({
      status: 'unknown',
      reason: 'changed-since',
    });
    expect(await compareWithRecordedSchema(deps, [entry('migration.applied')])).toEqual({ status: 'unknown', reason: 'not-recorded' });
  });
});

describe('the errors of monitoring', () => {
  it('have a message and a hint in English and in French, from the same details', () => {
    const details = { url: 'http://pgw:9091', file: '/x/dihya.prom', reason: 'no', failed: 'schema, audit', count: 2 };
    for (const [code, text] of Object.entries(monitorErrors)) {
      const fr = monitorErrorsFr[code as keyof typeof monitorErrors];
      for (const render of [text.message, text.hint, fr.message, fr.hint]) expect(render(details as never).length, code).toBeGreaterThan(10);
    }
    expect(monitorErrorsFr.CHECK_FAILED.message(details)).toBe('Contrôle de santé en échec : 2 contrôle(s) non satisfait(s) (schema, audit)');
  });
});
