import { z } from 'zod';
import { AUDIT_DEFAULTS, auditSection } from './sections/audit.ts';
import { BACKUP_DEFAULTS, backupSection } from './sections/backup.ts';
import { DWEB_DEFAULTS, dwebSection } from './sections/dweb.ts';
import { LOCK_DEFAULTS, lockSection } from './sections/lock.ts';
import { MONITOR_DEFAULTS, monitorSection } from './sections/monitor.ts';
import { POSTGRES_DEFAULTS, postgresSection } from './sections/postgres.ts';
import { PRIVACY_DEFAULTS, privacySection } from './sections/privacy.ts';
import { REHEARSAL_DEFAULTS, rehearsalSection } from './sections/rehearsal.ts';
import { LINT_DEFAULTS, lintSection } from './sections/lint.ts';
import { VALIDATION_DEFAULTS, validationSection } from './sections/validation.ts';
import { TIMEOUTS_DEFAULTS, timeoutsSection } from './sections/timeouts.ts';
import { identifier } from './sections/identifier.ts';
import { hooksSection, sectorsSection } from './sections/hooks.ts';
import { layoutSection } from './sections/layout.ts';
import { once } from '../util/once.ts';

/**
 * One top-level key of the config: how to build its schema (zod schemas cost milliseconds to
 * build, so each is built the first time a config has its key) and, unless the key is optional,
 * what it is when the config leaves it out (its schema's default, kept here so that no schema is
 * built for it).
 */
interface ConfigKey<S extends z.ZodType> {
  schema: () => S;
  absent?: z.output<S>;
}

/** A key whose schema has a default: `build()` with `.default(value)`, and `value` when absent. */
function withDefault<S extends z.ZodType>(build: () => S, value: z.output<S> & z.util.NoUndefined<z.output<S>>) {
  return { schema: () => build().default(value), absent: value } satisfies ConfigKey<z.ZodType>;
}

/** A section whose schema carries its own default, given with it. */
function section<S extends z.ZodType>(schema: () => S, absent: z.output<S>): ConfigKey<S> {
  return { schema, absent };
}

/** The config's keys, in the order they are checked (every key optional; defaults shown). */
const KEYS = {
  /** Database URL. Default `sqlite:./dihya.db`. Overridden by DIHYA_URL, then by --url. */
  url: withDefault(() => z.string().min(1), 'sqlite:./dihya.db'),
  /** Folder of migration files, relative to the config file. Default `migrations`. */
  migrationsDir: withDefault(() => z.string().min(1), 'migrations'),
  /** Layout of the migrations folder: `dihya`, `golang-migrate`, `flyway`, `prisma` or `sqitch`. Default: detected from its files. */
  layout: { schema: layoutSection },
  /** History table name. Default `dihya_migrations`. */
  table: withDefault(identifier, 'dihya_migrations'),
  /** Who applies migrations, stored in history. Default `$USER@$HOSTNAME` (or DIHYA_ACTOR). */
  actor: { schema: () => z.string().min(1).max(255).optional() },
  /** Apply all pending migrations of a run in one transaction (all or nothing; SQLite and PostgreSQL). Default false. */
  atomic: withDefault(() => z.boolean(), false),
  /** Allow applying a migration older than the last applied one. Default false. */
  outOfOrder: withDefault(() => z.boolean(), false),
  lock: section(lockSection, LOCK_DEFAULTS),
  /** Folder for audit logs and backups, relative to the config file. Default `.dihya`. */
  stateDir: withDefault(() => z.string().min(1), '.dihya'),
  backup: section(backupSection, BACKUP_DEFAULTS),
  audit: section(auditSection, AUDIT_DEFAULTS),
  validation: section(validationSection, VALIDATION_DEFAULTS),
  postgres: section(postgresSection, POSTGRES_DEFAULTS),
  timeouts: section(timeoutsSection, TIMEOUTS_DEFAULTS),
  dweb: section(dwebSection, DWEB_DEFAULTS),
  monitor: section(monitorSection, MONITOR_DEFAULTS),
  privacy: section(privacySection, PRIVACY_DEFAULTS),
  /** Business hooks (beforeAll, beforeMigrate, afterMigrate, afterCommit, onError, afterAll), each a function or an array of functions. */
  hooks: { schema: hooksSection },
  /** Sector packs: built-in names (`sante`, `education`, `ecommerce`), module paths, or pack objects. Default none. */
  sectors: withDefault(sectorsSection, []),
  rehearsal: section(rehearsalSection, REHEARSAL_DEFAULTS),
  lint: section(lintSection, LINT_DEFAULTS),
};

type ConfigShape = { [K in keyof typeof KEYS]: ReturnType<(typeof KEYS)[K]['schema']> };

/**
 * The shape of `dihya.config.ts` as one zod schema, every section built (on the first call).
 * {@link parseConfig} checks a config without building the sections it leaves out.
 *
 * @example
 * configSchema().parse({ url: 'sqlite:./app.db' }).migrationsDir // 'migrations'
 */
export const configSchema = once(() => z.object(Object.fromEntries(Object.entries(KEYS).map(([name, key]) => [name, key.schema()])) as ConfigShape).strict());

/** The config as written by a user (every key optional). */
export type UserConfig = z.input<ReturnType<typeof configSchema>>;
/** The config with every default filled in. */
export type ResolvedConfig = z.output<ReturnType<typeof configSchema>> & { migrationsDir: string; stateDir: string; cwd: string; source: string };

/** What {@link parseConfig} returns: the config with its defaults, or the problems found. */
export type ConfigParse = { success: true; data: z.output<ReturnType<typeof configSchema>> } | { success: false; error: z.ZodError };

/**
 * Checks a config as written and fills in its defaults, as `configSchema().safeParse(raw)` does,
 * building only the schemas of the keys `raw` has: a key it leaves out takes its default (a copy).
 *
 * @example
 * const parsed = parseConfig({ url: 'sqlite:./app.db' })
 * parsed.success && parsed.data.lock // { timeoutMs: 60000, leaseMs: 30000 }
 */
export function parseConfig(raw: unknown): ConfigParse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return configSchema().safeParse(raw);
  const keys = Object.entries(KEYS) as [string, ConfigKey<z.ZodType>][];
  const shape = Object.fromEntries(keys.filter(([name]) => name in raw).map(([name, key]) => [name, key.schema()]));
  const parsed = z.object(shape).strict().safeParse(raw);
  if (!parsed.success) return parsed;
  const data: Record<string, unknown> = {};
  for (const [name, key] of keys) {
    if (name in parsed.data) data[name] = parsed.data[name];
    else if (key.absent !== undefined) data[name] = structuredClone(key.absent);
  }
  return { success: true, data: data as z.output<ReturnType<typeof configSchema>> };
}
