import { describe, expect, it } from 'vitest';
import { configSchema, parseConfig } from '../../src/config/config-schema.ts';

const SECTIONS = ['lock', 'backup', 'audit', 'validation', 'postgres', 'timeouts', 'dweb', 'monitor', 'privacy', 'rehearsal', 'lint'];

/** Configs as users write them: one or a few keys, some wrong. */
const CONFIGS: unknown[] = [
  {},
  { url: 'sqlite:./app.db', migrationsDir: 'db/migrations' },
  { url: undefined, layout: undefined, actor: undefined, hooks: undefined },
  { layout: 'flyway', table: 'history', actor: 'ci@build', atomic: true, outOfOrder: true, stateDir: 'state' },
  { lock: { timeoutMs: 10 }, backup: { keep: 3, method: 'sqlite-backup' }, audit: { table: 'audit_x' } },
  { monitor: { alerts: [{ url: 'https://hooks.example.org/x', kind: 'slack' }], changeWindow: { from: '08:00', to: '18:00' } } },
  { privacy: { columns: { 'customers.email': { kind: 'email', strategy: 'fake' } }, subjects: { customer: { table: 'customers', key: 'id' } } } },
  { hooks: { beforeAll: () => undefined }, sectors: ['sante'], rehearsal: { required: true }, lint: { onUp: 'error' } },
  { timeouts: { runMs: 0 }, postgres: { lockRetries: 2 }, dweb: { timeoutMs: 5 }, validation: { rowLoss: false } },
  // Wrong: the same first problem must be reported.
  { url: '' },
  { nope: 1 },
  { lock: { timeoutMs: -1 }, nope: 1 },
  { monitor: { changeWindow: { from: '25:00', to: '18:00' } } },
  { privacy: { erasure: { invoices: 'anonymize' } } },
  { table: 'bad name', lint: { onUp: 'never' } },
  // Not an object at all.
  null,
  [],
  'sqlite:./app.db',
];

describe('parseConfig', () => {
  it.each(CONFIGS.map((config) => [JSON.stringify(config) ?? String(config), config]))('gives what the whole schema gives: %s', (_name, config) => {
    const lazy = parseConfig(config);
    const whole = configSchema().safeParse(config);
    expect(lazy.success).toBe(whole.success);
    if (lazy.success && whole.success) expect(lazy.data).toStrictEqual(whole.data);
    if (!lazy.success && !whole.success) expect(lazy.error.issues[0]).toStrictEqual(whole.error.issues[0]);
  });

  it.each(SECTIONS)('an absent %s section means the same as an empty one', (name) => {
    const absent = parseConfig({});
    const empty = parseConfig({ [name]: {} });
    expect(absent.success && empty.success).toBe(true);
    if (absent.success && empty.success) expect(absent.data).toStrictEqual(empty.data);
  });

  it('gives each config its own copy of the defaults', () => {
    const first = parseConfig({});
    const second = parseConfig({});
    if (!first.success || !second.success) throw new Error('the empty config is valid');
    first.data.privacy.scan.ignore.push('customers.email');
    first.data.monitor.delivery.retries = 0;
    expect(second.data.privacy.scan.ignore).toEqual([]);
    expect(second.data.monitor.delivery.retries).toBe(3);
  });
});
