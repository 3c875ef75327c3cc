import { z } from 'zod';
import { auditSection } from './sections/audit.ts';
import { backupSection } from './sections/backup.ts';
import { dwebSection } from './sections/dweb.ts';
import { lockSection } from './sections/lock.ts';
import { monitorSection } from './sections/monitor.ts';
import { postgresSection } from './sections/postgres.ts';
import { privacySection } from './sections/privacy.ts';
import { rehearsalSection } from './sections/rehearsal.ts';
import { validationSection } from './sections/validation.ts';
import { timeoutsSection } from './sections/timeouts.ts';
import { identifier } from './sections/identifier.ts';
import { hooksSection, sectorsSection } from './sections/hooks.ts';
import { layoutSection } from './sections/layout.ts';

/** The shape of `dihya.config.ts` (every key optional; defaults shown). */
export const configSchema = z
  .object({
    /** Database URL. Default `sqlite:./dihya.db`. Overridden by DIHYA_URL, then by --url. */
    url: z.string().min(1).default('sqlite:./dihya.db'),
    /** Folder of migration files, relative to the config file. Default `migrations`. */
    migrationsDir: z.string().min(1).default('migrations'),
    /** Layout of the migrations folder: `dihya`, `golang-migrate`, `flyway`, `prisma` or `sqitch`. Default: detected from its files. */
    layout: layoutSection,
    /** History table name. Default `dihya_migrations`. */
    table: identifier.default('dihya_migrations'),
    /** Who applies migrations, stored in history. Default `$USER@$HOSTNAME` (or DIHYA_ACTOR). */
    actor: z.string().min(1).max(255).optional(),
    /** Apply all pending migrations of a run in one transaction (all or nothing; SQLite and PostgreSQL). Default false. */
    atomic: z.boolean().default(false),
    /** Allow applying a migration older than the last applied one. Default false. */
    outOfOrder: z.boolean().default(false),
    lock: lockSection,
    /** Folder for audit logs and backups, relative to the config file. Default `.dihya`. */
    stateDir: z.string().min(1).default('.dihya'),
    backup: backupSection,
    audit: auditSection,
    validation: validationSection,
    postgres: postgresSection,
    timeouts: timeoutsSection,
    dweb: dwebSection,
    monitor: monitorSection,
    privacy: privacySection,
    /** Business hooks (beforeAll, beforeMigrate, afterMigrate, afterCommit, onError, afterAll), each a function or an array of functions. */
    hooks: hooksSection,
    /** Sector packs: built-in names (`sante`, `education`, `ecommerce`), module paths, or pack objects. Default none. */
    sectors: sectorsSection,
    rehearsal: rehearsalSection,
  })
  .strict();

/** The config as written by a user (every key optional). */
export type UserConfig = z.input<typeof configSchema>;
/** The config with every default filled in. */
export type ResolvedConfig = z.output<typeof configSchema> & { migrationsDir: string; stateDir: string; cwd: string; source: string };
