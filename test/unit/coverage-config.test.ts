import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'dihya-cov-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(root, `p${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as DihyaError,
  );

describe('loadConfig edges', () => {
  it('defaults without a config file: paths from cwd, actor from the user, source "defaults"', async () => {
    const cwd = project({});
    const config = await loadConfig({ cwd, env: {} });
    expect(config.source).toBe('defaults');
    expect(config.actor).toMatch(/.+@.+/);
    expect(path.isAbsolute(config.migrationsDir)).toBe(true);
    expect(config.migrationsDir.startsWith(cwd)).toBe(true);
  });

  it('a config naming a missing file is CONFIG_NOT_FOUND; bad JSON, a module without default export and a throwing module are CONFIG_LOAD_FAILED', async () => {
    const cwd = project({ 'bad.json': '{ nope', 'nodefault.mjs': 'export const x = 1;\n', 'throws.mjs': "throw new Error('config exploded');\n" });
    const missing = await failure(loadConfig({ cwd, configPath: 'absent.json', env: {} }));
    expect(missing!.code).toBe('CONFIG_NOT_FOUND');
    expect(missing!.hint.length).toBeGreaterThan(0);
    const bad = await failure(loadConfig({ cwd, configPath: 'bad.json', env: {} }));
    expect(bad!.code).toBe('CONFIG_LOAD_FAILED');
    expect(bad!.message).toContain('bad.json');
    expect((await failure(loadConfig({ cwd, configPath: 'nodefault.mjs', env: {} })))!.message).toContain('no default export');
    expect((await failure(loadConfig({ cwd, configPath: 'throws.mjs', env: {} })))!.message).toContain('config exploded');
  });

  it('a config of the wrong shape is CONFIG_INVALID, naming the field, or (root)', async () => {
    const field = await failure(loadConfig({ cwd: project({ 'dihya.config.json': JSON.stringify({ lock: { timeoutMs: 'soon' } }) }), env: {} }));
    expect(field!.code).toBe('CONFIG_INVALID');
    expect(field!.message).toMatch(/lock\.timeoutMs/);
    const whole = await failure(loadConfig({ cwd: project({ 'dihya.config.json': '[1, 2]' }), env: {} }));
    expect(whole!.code).toBe('CONFIG_INVALID');
    expect(whole!.message).toContain('(root)');
  });

  it('URL precedence: override over DIHYA_URL over the file; SQLite paths resolved from where they were given', async () => {
    const cwd = project({ 'dihya.config.json': JSON.stringify({ url: 'sqlite:data/app.db', actor: 'from-file', monitor: { metricsFile: 'm.prom' } }) });
    const fromFile = await loadConfig({ cwd, env: {} });
    expect(fromFile.url).toBe(`sqlite:${path.join(cwd, 'data/app.db')}`);
    expect(fromFile.actor).toBe('from-file');
    expect(fromFile.monitor.metricsFile).toBe(path.join(cwd, 'm.prom'));
    const elsewhere = path.join(root, 'elsewhere');
    const fromEnv = await loadConfig({ cwd, configPath: path.join(cwd, 'dihya.config.json'), env: { DIHYA_URL: 'sqlite://rel.db', DIHYA_ACTOR: 'ci' } });
    expect(fromEnv.url).toBe(`sqlite:${path.join(cwd, 'rel.db')}`);
    expect(fromEnv.actor).toBe('ci');
    const overridden = await loadConfig({
      cwd,
      env: { DIHYA_URL: 'sqlite:ignored.db' },
      overrides: {
        url: 'sqlite::memory:',
        migrationsDir: elsewhere,
        lockTimeoutMs: 5,
        outOfOrder: true,
        atomic: true,
        pushgateway: 'http://pg:9091',
        metricsFile: 'o.prom',
      },
    });
    expect(overridden.url).toBe('sqlite::memory:');
    expect(overridden.migrationsDir).toBe(elsewhere);
    expect(overridden.lock.timeoutMs).toBe(5);
    expect(overridden.outOfOrder).toBe(true);
    expect(overridden.atomic).toBe(true);
    expect(overridden.monitor.pushgateway).toBe('http://pg:9091');
    expect(overridden.monitor.metricsFile).toBe(path.join(cwd, 'o.prom'));
    for (const url of ['sqlite:', 'sqlite:/abs/a.db', 'postgres://h/db']) expect((await loadConfig({ cwd, env: {}, overrides: { url } })).url).toBe(url);
  });

  it('hooks must be an object of functions', async () => {
    const cwd = project({ 'dihya.config.mjs': 'export default { hooks: 42 };\n' });
    const error = await failure(loadConfig({ cwd, env: {} }));
    expect(error!.code).toBe('CONFIG_INVALID');
    expect(error!.message).toContain('hooks');
    for (const sectors of ['[42]', '[""]', '"sante"']) {
      const bad = await failure(loadConfig({ cwd: project({ 'dihya.config.mjs': `export default { sectors: ${sectors} };\n` }), env: {} }));
      expect(bad!.code).toBe('CONFIG_INVALID');
      expect(bad!.message).toContain('sectors');
    }
    const nullHooks = await failure(loadConfig({ cwd: project({ 'dihya.config.mjs': 'export default { hooks: null };\n' }), env: {} }));
    expect(nullHooks!.code).toBe('CONFIG_INVALID');
    const ok = project({ 'dihya.config.mjs': 'export default { hooks: { beforeAll: () => undefined }, sectors: [{ name: "custom" }] };\n' });
    expect((await loadConfig({ cwd: ok, env: {} })).source).toBe(path.join(ok, 'dihya.config.mjs'));
  });
});
