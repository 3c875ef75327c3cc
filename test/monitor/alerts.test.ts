import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.ts';
import { Migrator } from '../../src/index.ts';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';
import { startReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const NOTES = '-- migrate:up\ncreate table notes (id integer primary key, email varchar(100));\n-- migrate:down\ndrop table notes;\n';
/** A TypeScript migration that takes ~60 ms and declares a 100 ms timeout: past 0.2 of it, an anomaly. */
const SLOW = `export default {
  description: 'slow on purpose',
  timeoutMs: 100,
  async up({ run }) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    await run('create table slow (id integer primary key)');
  },
};
`;
/** Fails on a statement whose error message quotes a personal value (the payload must not carry it). */
const FAILING = "-- migrate:up\ninsert into no_such_table (email) values ('alice.martin@example.org');\n";
/** Creates a table outside a transaction, then fails: the backup taken before it is restored. */
const HALF = '-- migrate:up transaction:false\ncreate table half (id integer primary key);\ninsert into no_such_table (id) values (1);\n';

const DELIVERY = { timeoutMs: 300, retries: 2, backoffMs: 20, totalMs: 5000 };

describe.each(DIALECTS)('alerts to webhooks on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let receivers: WebhookReceiver[] = [];
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const audit = () => {
    const logs = path.join(project.dir, '.dihya', 'logs');
    return readFileSync(
      path.join(
        logs,
        readdirSync(logs).find((f) => f.startsWith('audit-'))!,
      ),
      'utf8',
    )
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
  };
  const configure = async (monitor: Record<string, unknown>, ...behaviours: Parameters<typeof startReceiver>[0][]) => {
    receivers = await Promise.all(behaviours.map((b) => startReceiver(b)));
    const alerts = (monitor.alerts as object[] | undefined) ?? receivers.map((r) => ({ url: r.url }));
    const withUrls = alerts.map((a, i) => ({ url: receivers[i]!.url, ...a }));
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ monitor: { delivery: DELIVERY, ...monitor, alerts: withUrls } }));
  };

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_notes.sql': NOTES });
  });
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
    project.cleanup();
    await db.drop();
  });

  it('alerts on a failed migration without its error text, retries a failing receiver and never fails the run because of one', async () => {
    await configure(
      { alerts: [{ kind: 'json' }, { kind: 'slack' }, { kind: 'json' }, { kind: 'json' }] },
      () => 200,
      () => 200,
      () => 500,
      () => 'hang',
    );
    const [json, slack, failing, hanging] = receivers;
    expect((await run('up')).code).toBe(0);
    expect(json!.received).toEqual([]);

    project.write('20260102000000_failing.sql', FAILING);
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    // One alert: a copy retried after a slow answer carries the same idempotency key.
    expect(new Set(json!.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const payload = json!.received[0]!.body;
    expect(payload).toMatchObject({
      source: 'dihya-migrate',
      alert: 'failure',
      severity: 'critical',
      title: 'Migration 20260102000000_failing failed (up)',
      code: 'MIGRATION_FAILED',
      command: 'up',
      dialect,
      migration: { version: '20260102000000', name: '20260102000000_failing' },
    });
    expect(payload.details).toContain('error code MIGRATION_FAILED');
    expect(JSON.stringify(json!.received)).not.toMatch(/alice|no_such_table/);
    const message = slack!.received[0]!.body;
    expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
    expect(message.text).toContain('dihya-migrate: Migration 20260102000000_failing failed (up)');
    expect(message.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    // 1 + 2 retries each; the hanging receiver is abandoned after each attempt's timeout.
    expect(failing!.received).toHaveLength(3);
    expect(hanging!.received).toHaveLength(3);
    // every attempt carries the alert's one idempotency key, so a receiver can drop a retried copy
    expect(new Set(failing!.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(failing!.received[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    const entries = audit();
    const delivered = entries.filter((e) => e.event === 'alert.delivered');
    const failed = entries.filter((e) => e.event === 'alert.failed');
    expect(delivered.map((e) => e.webhook)).toEqual([
      expect.stringMatching(/^#1 json 127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^#2 slack 127\.0\.0\.1:\d+$/),
    ]);
    expect(failed.map((e) => [e.webhook.slice(0, 2), e.attempts, e.reason])).toEqual([
      ['#3', 3, 'HTTP 500'],
      ['#4', 3, 'no answer within 300 ms'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('secret-token');
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('alerts on an automatic restore after a migration failed half-way outside a transaction', async () => {
    await configure({ alerts: [{ events: ['auto-restore'] }] }, () => 200);
    expect((await run('up')).code).toBe(0);
    project.write('20260102000000_half.sql', HALF);
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.message + up.json.error.hint).toMatch(/restored/);
    expect(receivers[0]!.received.map((r) => r.body.alert)).toEqual(['auto-restore']);
    expect(receivers[0]!.received[0]!.body.title).toMatch(/^The tables a failed migration touched \(half\) were restored automatically$/);
  });
});

describe.runIf(testsOn('sqlite'))('alerts on anomalies and on what check, audit verify and a refused run find (SQLite)', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let receivers: WebhookReceiver[] = [];
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const configure = async (monitor: Record<string, unknown>) => {
    receivers = [await startReceiver()];
    writeFileSync(
      path.join(project.dir, 'dihya.config.json'),
      JSON.stringify({ monitor: { delivery: DELIVERY, alerts: [{ url: receivers[0]!.url }], ...monitor } }),
    );
  };
  // Delivery is at least once: a retry after a timeout on a loaded machine may deliver an alert twice, under the same key.
  const kinds = () => [...new Map(receivers[0]!.received.map((r) => [r.headers['idempotency-key'], r.body.anomaly ?? r.body.alert])).values()];

  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject({ '20260101000000_notes.sql': NOTES });
  });
  afterEach(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    receivers = [];
    project.cleanup();
    await db.drop();
  });

  it('turns a slow migration, a long lock wait, an actor not allowed and a run outside the change window into anomaly alerts', async () => {
    const hour = new Date().getUTCHours();
    const clock = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await configure({
      timeoutShare: 0.2,
      lockWaitAlertMs: 100,
      allowedActors: ['release-bot@ci-*'],
      changeWindow: { from: clock(hour + 2), to: clock(hour + 3), timeZone: 'UTC' },
    });
    project.write('20260102000000_slow.ts', SLOW);
    expect((await run('status')).code).toBe(0); // creates nothing; the lock below needs the lock table: created by the lock itself
    const target = await connect(db.url);
    const lock = await target.acquireLock({ table: 'dihya_migrations', timeoutMs: 1000, leaseMs: 30_000 });
    setTimeout(() => void lock.release().then(() => target.close()), 400);
    const up = await run('up');
    expect(up.code).toBe(0);
    expect(up.json.applied).toHaveLength(2);
    expect(kinds().sort()).toEqual(['actor-not-allowed', 'long-lock-wait', 'outside-change-window', 'slow-migration']);
    const slow = receivers[0]!.received.find((r) => r.body.anomaly === 'slow-migration')!.body;
    expect(slow.migration).toEqual({ version: '20260102000000', name: '20260102000000_slow' });
    expect(slow.details[0]).toMatch(/^took \d+ ms, budget 20 ms \(0\.2 of timeoutMs 100\)$/);
    const entries = (await run('audit', 'show', '--limit', '100')).json.entries;
    expect(
      entries
        .filter((e: { event: string }) => e.event === 'anomaly')
        .map((e: { kind: string }) => e.kind)
        .sort(),
    ).toEqual(kinds().sort());
    expect(entries.filter((e: { event: string }) => e.event === 'alert.delivered')).toHaveLength(4);

    const printed = await cli(['up', '--url', db.url], project.dir);
    expect(printed.code).toBe(0);
  });

  it('alerts on schema drift found by check, a tampered audit, an edited file and an interrupted migration', async () => {
    await configure({});
    expect((await run('up')).code).toBe(0);
    await query(db.url, 'create table by_hand (id integer primary key)');
    expect((await run('check')).code).toBe(1);
    expect(kinds()).toEqual(['schema-drift']);
    await query(db.url, 'drop table by_hand');

    project.write('20260101000000_notes.sql', NOTES.replace('varchar(100)', 'varchar(120)'));
    expect((await run('up')).code).toBe(2);
    expect(kinds()).toEqual(['schema-drift', 'file-drift']);
    project.write('20260101000000_notes.sql', NOTES);

    await query(db.url, "update dihya_migrations set status = 'running'");
    expect((await run('up')).code).toBe(1);
    expect(kinds()).toEqual(['schema-drift', 'file-drift', 'interrupted']);
    await query(db.url, "update dihya_migrations set status = 'applied'");

    const logs = path.join(project.dir, '.dihya', 'logs');
    const file = path.join(
      logs,
      readdirSync(logs).find((f) => f.startsWith('audit-'))!,
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace('"event":"run.end"', '"event":"run.ended"'));
    expect((await run('audit', 'verify')).code).toBe(1);
    expect(kinds()).toEqual(['schema-drift', 'file-drift', 'interrupted', 'audit-tamper']);
    // The audit refuses entries once broken: the delivery is in the run log.
    expect(readFileSync(path.join(logs, 'dihya.log'), 'utf8')).toMatch(/"alert":"audit-tamper".*"msg":"alert.delivered"/);
  });

  it('turns every anomaly event into an alert, one from another capability before the lock included (rehearsal)', async () => {
    await configure({});
    const migrator = await Migrator.open({
      cwd: project.dir,
      env: {},
      overrides: { url: db.url },
      extensions: [
        {
          name: 'rehearsal',
          prepare: (c) =>
            c.deps.emitter.emit({
              type: 'anomaly',
              kind: 'slower-than-rehearsal',
              version: '20260101000000',
              name: '20260101000000_notes',
              detail: 'rehearsed in 10 ms',
            }),
        },
      ],
    });
    try {
      expect(await migrator.up()).toHaveLength(1);
    } finally {
      await migrator.close();
    }
    expect(receivers[0]!.received.map((r) => [r.body.alert, r.body.anomaly, r.body.migration?.name, r.body.details])).toEqual([
      ['anomaly', 'slower-than-rehearsal', '20260101000000_notes', ['rehearsed in 10 ms']],
    ]);
  });
});
