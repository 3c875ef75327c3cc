import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { parseConfig, type ResolvedConfig } from './config-schema.ts';

export const CONFIG_FILE_NAMES = ['dihya.config.ts', 'dihya.config.mts', 'dihya.config.js', 'dihya.config.mjs', 'dihya.config.json'];

/** Values that win over the config file (from the command line). */
export interface ConfigOverrides {
  url?: string;
  migrationsDir?: string;
  lockTimeoutMs?: number;
  outOfOrder?: boolean;
  atomic?: boolean;
  /** `--pushgateway`: where metrics are pushed at the end of every run. */
  pushgateway?: string;
  /** `--metrics-file`: node_exporter textfile written after every run (relative to the current folder). */
  metricsFile?: string;
}

export interface LoadConfigOptions {
  /** Explicit config file; it must exist. Otherwise `dihya.config.*` is looked for in `cwd`. */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  overrides?: ConfigOverrides;
}

/**
 * Finds, loads and checks the config. Order of precedence: command-line overrides, then
 * DIHYA_URL / DIHYA_ACTOR, then the config file, then defaults. Relative paths in the file
 * resolve against the file's folder.
 *
 * @example
 * const config = await loadConfig({ overrides: { url: 'sqlite:./scratch.db' } })
 * config.migrationsDir // '/abs/project/migrations'
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const file = findConfigFile(cwd, options.configPath);
  const raw = file ? await readConfigFile(file) : {};
  const parsed = parseConfig(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(root)';
    throw new DihyaError('CONFIG_INVALID', { source: file ? path.basename(file) : 'defaults', reason: `${where}: ${issue.message}` });
  }
  const base = file ? path.dirname(file) : cwd;
  const config = parsed.data;
  const overrides = options.overrides ?? {};
  let url = config.url;
  let urlBase = base;
  if (env.DIHYA_URL) [url, urlBase] = [env.DIHYA_URL, cwd];
  if (overrides.url) [url, urlBase] = [overrides.url, cwd];
  const metricsFile = overrides.metricsFile
    ? path.resolve(cwd, overrides.metricsFile)
    : config.monitor.metricsFile && path.resolve(base, config.monitor.metricsFile);
  return {
    ...config,
    url: url.startsWith('sqlite:') ? absolutizeSqliteUrl(url, urlBase) : url,
    actor: env.DIHYA_ACTOR || config.actor || defaultActor(),
    migrationsDir: overrides.migrationsDir ? path.resolve(cwd, overrides.migrationsDir) : path.resolve(base, config.migrationsDir),
    stateDir: path.resolve(base, config.stateDir),
    outOfOrder: overrides.outOfOrder ?? config.outOfOrder,
    atomic: overrides.atomic ?? config.atomic,
    lock: { ...config.lock, ...(overrides.lockTimeoutMs !== undefined ? { timeoutMs: overrides.lockTimeoutMs } : {}) },
    monitor: {
      ...config.monitor,
      ...(overrides.pushgateway ? { pushgateway: overrides.pushgateway } : {}),
      ...(metricsFile ? { metricsFile } : {}),
    },
    cwd,
    source: file ?? 'defaults',
  };
}

function findConfigFile(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new DihyaError('CONFIG_NOT_FOUND', { file: explicit });
    return file;
  }
  return CONFIG_FILE_NAMES.map((name) => path.join(cwd, name)).find((file) => existsSync(file));
}

async function readConfigFile(file: string): Promise<unknown> {
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
    const version = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    const module = await import(`${pathToFileURL(file).href}?v=${version}`);
    if (module.default === undefined) throw new Error('no default export');
    return module.default;
  } catch (error) {
    throw new DihyaError('CONFIG_LOAD_FAILED', { file: path.basename(file), reason: reasonOf(error) }, { cause: error });
  }
}

function absolutizeSqliteUrl(url: string, base: string): string {
  let file = url.slice('sqlite:'.length);
  if (file.startsWith('//')) file = file.slice(2);
  if (file === '' || file === ':memory:' || path.isAbsolute(file)) return url;
  return `sqlite:${path.resolve(base, file)}`;
}

function defaultActor(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return `${user}@${os.hostname()}`;
}
