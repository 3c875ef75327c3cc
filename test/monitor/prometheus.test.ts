import { readFileSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { installed, parseExposition, promtool, PROMTOOL, PUSHGATEWAY, startPushgateway, valueOf, type RunningPushgateway } from '../helpers/prometheus.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const RULES = fileURLToPath(new URL('../../monitor/prometheus/dihya-alerts.yml', import.meta.url));
const RULE_TESTS = fileURLToPath(new URL('../../monitor/prometheus/dihya-alerts.test.yml', import.meta.url));
const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};
const BROKEN = '-- migrate:up\ninsert into no_such_table (id) values (1);\n';

describe.runIf(installed(PROMTOOL, 'the Prometheus alerting rules'))('the shipped Prometheus alerting rules', () => {
  it('pass `promtool check rules` and their `promtool test rules` unit tests', async () => {
    const check = await promtool(['check', 'rules', RULES]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 7 rules found');
    const test = await promtool(['test', 'rules', RULE_TESTS]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toContain('SUCCESS');
  });

  it('are shipped in the npm package', () => {
    const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
    expect(manifest.files).toContain('monitor/prometheus/dihya-alerts.yml');
  });
});

describe.each(DIALECTS)('metrics on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let gateway: RunningPushgateway | undefined;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const text = (...args: string[]) => cli([...args, '--url', db.url], project.dir);
  const withPushgateway = installed(PUSHGATEWAY, 'the Pushgateway tests');

  beforeAll(async () => {
    if (withPushgateway) gateway = await startPushgateway();
  });
  afterAll(async () => gateway?.stop());
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('prints an exposition that `promtool check metrics` accepts, with every metric the rules use', async () => {
    expect((await run('up')).code).toBe(0);
    const printed = await text('metrics');
    expect(printed.code, printed.stderr).toBe(0);
    if (installed(PROMTOOL, 'promtool check metrics')) {
      const lint = await promtool(['check', 'metrics'], printed.stdout);
      expect(lint.code, lint.stdout + lint.stderr).toBe(0);
      expect(lint.stdout + lint.stderr).toBe('');
    }
    const samples = parseExposition(printed.stdout);
    expect(samples.every((s) => s.labels.dialect === dialect && s.labels.target)).toBe(true);
    expect(valueOf(samples, 'dihya_migrations_applied_total')).toBe(2);
    expect(valueOf(samples, 'dihya_migration_duration_seconds_count', { direction: 'up' })).toBe(2);
    expect(valueOf(samples, 'dihya_migrations_pending')).toBe(0);
    expect(valueOf(samples, 'dihya_backups_total')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'dihya_backup_last_size_bytes')).toBeGreaterThan(0);
    expect(valueOf(samples, 'dihya_audit_chain_valid')).toBe(1);
    expect(valueOf(samples, 'dihya_schema_drift')).toBe(0);
    expect(valueOf(samples, 'dihya_last_run_success', { command: 'up' })).toBe(1);
    expect(Math.abs(valueOf(samples, 'dihya_last_success_timestamp_seconds', { command: 'up' })! - Date.now() / 1000)).toBeLessThan(120);
    expect(valueOf(samples, 'dihya_commands_total', { command: 'up', outcome: 'ok' })).toBe(1);
    // Every metric an alerting rule uses is exported.
    const expressions = [...readFileSync(RULES, 'utf8').matchAll(/^\s*expr: (.*)$/gm)].map((m) => m[1]!).join(' ');
    const used = new Set([...expressions.matchAll(/\b(dihya_[a-z_]+)/g)].map((m) => m[1]!));
    const exported = new Set(samples.map((s) => s.name));
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    // No label carries a migration's name or version.
    expect(samples.flatMap((s) => Object.values(s.labels)).filter((v) => /2026010/.test(v))).toEqual([]);

    const json = await run('metrics');
    expect(json.json.ok).toBe(true);
    expect(json.json.metrics.find((m: { name: string }) => m.name === 'dihya_migrations_applied_total').values[0].value).toBe(2);
  });

  it('writes the node_exporter textfile atomically after a run, readable by node_exporter', async () => {
    const file = path.join(project.dir, 'dihya.prom');
    expect((await run('up', '--metrics-file', 'dihya.prom')).code).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(valueOf(parseExposition(written), 'dihya_migrations_applied_total')).toBe(2);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ monitor: { metricsFile: 'from-config.prom' } }));
    const printed = await text('metrics');
    expect(printed.stdout).toContain(`# written to ${path.join(project.dir, 'from-config.prom')}`);
    expect(readFileSync(path.join(project.dir, 'from-config.prom'), 'utf8')).toContain('dihya_migrations_applied_total');
  });

  it.runIf(withPushgateway)('pushes to a real Pushgateway at the end of every run, and keeps the last success when a run fails', async () => {
    expect((await run('up', '--pushgateway', gateway!.url)).code).toBe(0);
    let samples = (await gateway!.scrape()).filter(
      (s) => s.labels.job === 'dihya_migrate' && s.labels.dialect === dialect && s.labels.instance === s.labels.target,
    );
    const instance = samples.find((s) => s.name === 'dihya_migrations_applied_total')!.labels.instance!;
    const ours = (name: string, labels: Record<string, string> = {}) => valueOf(samples, name, { instance, ...labels });
    expect(instance).not.toContain('@');
    expect(ours('dihya_migrations_applied_total')).toBe(2);
    expect(ours('dihya_last_run_success', { command: 'up' })).toBe(1);
    const lastSuccess = ours('dihya_last_success_timestamp_seconds', { command: 'up' })!;
    expect(lastSuccess).toBeGreaterThan(0);

    // A cron `up` with nothing to apply pushes too (it took no lock): a success.
    expect((await run('up', '--pushgateway', gateway!.url)).code).toBe(0);
    samples = await gateway!.scrape();
    expect(ours('dihya_last_success_timestamp_seconds', { command: 'up' })).toBeGreaterThanOrEqual(lastSuccess);
    const successBeforeFailure = ours('dihya_last_success_timestamp_seconds', { command: 'up' })!;

    project.write('20260103000000_broken.sql', BROKEN);
    const failed = await run('up', '--pushgateway', gateway!.url);
    expect(failed.code).toBe(1);
    samples = await gateway!.scrape();
    expect(ours('dihya_last_run_success', { command: 'up' })).toBe(0);
    const failures = samples.filter((s) => s.name === 'dihya_migrations_failed_total' && s.labels.instance === instance);
    expect(failures.reduce((sum, s) => sum + s.value, 0)).toBe(1);
    expect(ours('dihya_migrations_pending')).toBe(1);
    // The failed run did not push the last-success metric: the one of the last success stays.
    expect(ours('dihya_last_success_timestamp_seconds', { command: 'up' })).toBe(successBeforeFailure);
    // What a failed run pushes, alone in its group: everything but the last success.
    expect((await fetch(`${gateway!.url}/metrics/job/dihya_migrate/instance/${instance}`, { method: 'DELETE' })).status).toBe(202);
    expect((await run('up', '--pushgateway', gateway!.url)).code).toBe(1);
    samples = await gateway!.scrape();
    expect(ours('dihya_last_run_success', { command: 'up' })).toBe(0);
    expect(ours('dihya_migrations_applied_total')).toBe(2);
    expect(ours('dihya_last_success_timestamp_seconds', { command: 'up' })).toBeUndefined();
  });

  it('refuses a bad Pushgateway URL or metrics file before any work, with exit code 2', async () => {
    const url = await run('status', '--pushgateway', 'ftp://gateway:21');
    expect(url.code).toBe(2);
    expect(url.json.error.code).toBe('PUSHGATEWAY_URL_INVALID');
    const secret = await run('status', '--pushgateway', 'http://user:hunter2@gateway:9091/?x=1');
    expect(secret.json.error.code).toBe('PUSHGATEWAY_URL_INVALID');
    expect(JSON.stringify(secret.json)).not.toContain('hunter2');
    const file = await run('status', '--metrics-file', 'no/such/folder/dihya.prom');
    expect(file.code).toBe(2);
    expect(file.json.error.code).toBe('METRICS_FILE_INVALID');
    const suffix = await run('status', '--metrics-file', 'dihya.txt');
    expect(suffix.json.error.message).toContain('.prom');
  });

  it('reports a Pushgateway that is down without failing the run', async () => {
    const result = await run('up', '--pushgateway', 'http://127.0.0.1:9');
    expect(result.code).toBe(0);
    expect(result.json.applied).toHaveLength(2);
    const failures = (await run('audit', 'show')).json.entries.filter((e: { event: string }) => e.event === 'extension.failed');
    expect(failures.map((f: { reason: string }) => f.reason)).toEqual([
      expect.stringContaining('Could not push metrics to the Pushgateway http://127.0.0.1:9'),
    ]);
    const explicit = await run('metrics', '--pushgateway', 'http://127.0.0.1:9');
    expect(explicit.code).toBe(1);
    expect(explicit.json.error.code).toBe('METRICS_PUSH_FAILED');
  });
});
