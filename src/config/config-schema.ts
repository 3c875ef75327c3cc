import { z } from 'zod';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain SQL identifier (letters, digits, _; at most 63 characters)');

/** The shape of `dihya.config.ts` (every key optional; defaults shown). */
export const configSchema = z
  .object({
    /** Database URL. Default `sqlite:./dihya.db`. Overridden by DIHYA_URL, then by --url. */
    url: z.string().min(1).default('sqlite:./dihya.db'),
    /** Folder of migration files, relative to the config file. Default `migrations`. */
    migrationsDir: z.string().min(1).default('migrations'),
    /** History table name. Default `dihya_migrations`. */
    table: identifier.default('dihya_migrations'),
    /** Who applies migrations, stored in history. Default `$USER@$HOSTNAME` (or DIHYA_ACTOR). */
    actor: z.string().min(1).max(255).optional(),
    /** Apply all pending migrations of a run in one transaction (all or nothing; SQLite and PostgreSQL). Default false. */
    atomic: z.boolean().default(false),
    /** Allow applying a migration older than the last applied one. Default false. */
    outOfOrder: z.boolean().default(false),
    lock: z
      .object({
        /** How long a run waits for another to finish, ms. Default 60000. */
        timeoutMs: z.number().int().min(0).default(60_000),
        /** SQLite lock lease, renewed while the run goes on, ms. Default 30000. */
        leaseMs: z.number().int().min(100).default(30_000),
      })
      .strict()
      .default({ timeoutMs: 60_000, leaseMs: 30_000 }),
    /** Folder for audit logs and backups, relative to the config file. Default `.dihya`. */
    stateDir: z.string().min(1).default('.dihya'),
    backup: z
      .object({
        /** Back up before every run that changes the database (and before each migration that cannot roll back). Default true. */
        enabled: z.boolean().default(true),
        /** Backups kept per database. Default 10. */
        keep: z.number().int().min(1).default(10),
        /** `auto`, or force one: `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`, `sqlite-backup`. Default auto. */
        method: z.enum(['auto', 'pg_dump', 'pg-copy', 'mysqldump', 'mysql-driver', 'sqlite-backup']).default('auto'),
        /** `quick` checks the files' SHA-256; `full` also restores into a scratch database and compares before migrating. */
        verify: z.enum(['quick', 'full']).default('quick'),
      })
      .strict()
      .default({ enabled: true, keep: 10, method: 'auto', verify: 'quick' }),
    audit: z
      .object({
        /** Database table mirroring the audit log. Default `dihya_audit`. */
        table: identifier.default('dihya_audit'),
      })
      .strict()
      .default({ table: 'dihya_audit' }),
    validation: z
      .object({
        /** Fail a migration that removes rows from a table unless its `checks.allowRowLoss` names it. Default true. */
        rowLoss: z.boolean().default(true),
        /** Fail a migration that leaves foreign-key orphans on the tables it touched. Default true. */
        foreignKeys: z.boolean().default(true),
      })
      .strict()
      .default({ rowLoss: true, foreignKeys: true }),
    postgres: z
      .object({
        /** lock_timeout set inside each migration's transaction, ms. Default 5000. */
        lockTimeoutMs: z.number().int().min(1).default(5_000),
        /** Retries after a lock_timeout, with growing waits. Default 5. */
        lockRetries: z.number().int().min(0).max(100).default(5),
      })
      .strict()
      .default({ lockTimeoutMs: 5_000, lockRetries: 5 }),
  })
  .strict();

/** The config as written by a user (every key optional). */
export type UserConfig = z.input<typeof configSchema>;
/** The config with every default filled in. */
export type ResolvedConfig = z.output<typeof configSchema> & { migrationsDir: string; stateDir: string; cwd: string; source: string };
