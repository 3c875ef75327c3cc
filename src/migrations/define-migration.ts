import type { Kysely, sql as kyselySql } from 'kysely';
import type { BackfillOptions } from '../backfill/backfill-options.ts';
import type { BackfillResult } from '../backfill/run-backfill.ts';
import type { DialectName } from '../database/parse-url.ts';
import type { MigrationChecks } from '../validate/migration-checks.ts';

/** What a migration's steps receive. */
export interface MigrationContext {
  /** Kysely on the target; inside the migration's transaction when it has one. */
  db: Kysely<any>;
  /** Kysely's `sql` template tag, for raw SQL with bound parameters. */
  sql: typeof kyselySql;
  dialect: DialectName;
  /** e.g. `20261127061249`. */
  version: string;
  /** e.g. `20261127061249_add_email`. */
  name: string;
  /** Runs SQL text with one or more `;`-separated statements (no parameters). */
  run(sqlText: string): Promise<void>;
  /**
   * Changes the rows of a big table in resumable, throttled batches, each in its own short
   * transaction with its checkpoint (only in a migration declared `backfill: true`; elsewhere
   * BACKFILL_NOT_DECLARED). Killed at any moment, the next `up` goes on from the checkpoint and
   * no row is changed twice.
   *
   * @example
   * await backfill({ table: 'orders', set: { total_cents: sql`round(total * 100)` }, where: 'total_cents is null' })
   */
  backfill(options: BackfillOptions): Promise<BackfillResult>;
  /**
   * Runs `COPY … FROM stdin` with its data (text lines as pg_dump writes them, or an iterable of
   * chunks) streamed to the server, in the migration's transaction; returns the rows copied.
   * PostgreSQL only. SQL migrations do this for pg_dump-style data sections (`COPY …; rows; \.`).
   *
   * @example
   * await copyFrom('copy countries (code, name) from stdin', 'dz\tAlgeria\nfr\tFrance\n') // 2
   */
  copyFrom(statement: string, data: string | Iterable<string> | AsyncIterable<string>): Promise<number>;
}

export type MigrationStep = (ctx: MigrationContext) => Promise<void> | void;

/** A TypeScript migration, as written with {@link defineMigration}. */
export interface MigrationDefinition {
  /** One line saying what the migration does and why. */
  description: string;
  /** Business sector the migration belongs to (e.g. `sante`, `education`, `ecommerce`). */
  sector?: string;
  up: MigrationStep;
  down?: MigrationStep;
  /**
   * Runs after `up` (inside its transaction when there is one). Throw or return false to
   * reject the result; the migration is then rolled back where the dialect allows.
   */
  verify?: (ctx: MigrationContext) => Promise<boolean | void> | boolean | void;
  /** Run inside one transaction (default true). Set false for e.g. CREATE INDEX CONCURRENTLY. */
  transactional?: boolean;
  /** Run `down` inside one transaction; default: as `transactional`. An SQL file sets it from `-- migrate:down transaction:false`. */
  downTransactional?: boolean;
  /** Data checks run after `up`: rows allowed to be lost, not-null columns, expected row counts. */
  checks?: MigrationChecks;
  /** Longest this migration may run, ms; then it is cancelled and rolled back (or restored). Default: `timeouts.migrationMs`. */
  timeoutMs?: number;
  /** Lint rules this migration silences, with why (see `dihya-migrate lint`). */
  lint?: { allow: string[]; reason: string };
  /** Who wrote it (shown by `dihya-migrate docs`). */
  author?: string;
  /** Why it processes the data it touches (GDPR Art. 5/30; required by the santé pack on health data). */
  purpose?: string;
  /** Who approved it (required by the santé pack on health data). */
  approvedBy?: string;
  /** Parameters of its sector pack's checks (e.g. `{ grades: { table: 'grades', column: 'level', scale: { min: 1, max: 4 } } }`); each pack reads and checks its own keys. */
  sectorRules?: Record<string, unknown>;
  /** True for a data migration that runs in resumable, throttled batches (`backfill()` in its steps). */
  backfill?: boolean;
  /** Set when the migration opens its own database connections on purpose (otherwise refused: they escape its transaction). */
  ownConnections?: boolean;
}

/**
 * Declares a TypeScript migration. Put it as the default export of
 * `migrations/YYYYMMDDHHMMSS_slug.ts`.
 *
 * @example
 * import { defineMigration } from 'dihya-migrate'
 *
 * export default defineMigration({
 *   description: 'Add a nullable phone column to customers',
 *   async up({ db }) {
 *     await db.schema.alterTable('customers').addColumn('phone', 'varchar(32)').execute()
 *   },
 *   async down({ db }) {
 *     await db.schema.alterTable('customers').dropColumn('phone').execute()
 *   },
 * })
 */
export function defineMigration(definition: MigrationDefinition): MigrationDefinition {
  return definition;
}
