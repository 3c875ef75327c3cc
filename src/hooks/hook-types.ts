import type { Kysely } from 'kysely';
import type { DialectName } from '../database/parse-url.ts';

/** The business hooks, in the order a run meets them. */
export const HOOK_NAMES = ['beforeAll', 'beforeMigrate', 'afterMigrate', 'afterCommit', 'onError', 'afterAll'] as const;

/** One of {@link HOOK_NAMES}. */
export type HookName = (typeof HOOK_NAMES)[number];

/** The redacted run log, as a hook sees it: every field and message is redacted before it is written. */
export interface HookLogger {
  info(details: Record<string, unknown>, message?: string): void;
  warn(details: Record<string, unknown>, message?: string): void;
  error(details: Record<string, unknown>, message?: string): void;
}

/** Values an audit note may carry: names and counts, never a data value (they are redacted anyway). */
export type NoteDetails = Record<string, string | number | boolean | string[]>;

/** Where a hook writes to the audit log. */
export interface HookAudit {
  /**
   * Appends a `hook.note` entry. In `afterMigrate` the note is written in the migration's
   * transaction: it commits, or rolls back, with the step (on MariaDB/MySQL, whose DDL commits at
   * once, it is written at once and stays even if the step is then undone).
   */
  note(message: string, details?: NoteDetails): Promise<void>;
  /**
   * Appends a `data.access` entry: this run touched personal or special-category data. Who is the
   * entry's actor; give the tables and how many rows changed, never a value.
   */
  access(entry: { tables: string[]; rows: number; sector?: string; purpose?: string; approvedBy?: string; outcome?: string }): Promise<void>;
}

/** The migration a hook is called for, as declared in its file. */
export interface HookMigration {
  version: string;
  name: string;
  description: string;
  kind: 'sql' | 'ts';
  sector?: string;
  purpose?: string;
  approvedBy?: string;
  author?: string;
  /** The migration's `sectorRules` (parameters of its sector pack's checks). */
  sectorRules?: Record<string, unknown>;
  /** The file's text (for packs that look at what a migration touches). */
  text: string;
}

/** What every hook receives. */
export interface RunHookContext {
  /** This hook, as errors and the audit name it (`hook afterMigrate #2`, `sector sante: hook beforeMigrate #1`). */
  readonly hook: string;
  readonly dialect: DialectName;
  /** The run's id (`run-<timestamp>-<random>`), as the audit entries carry it. */
  readonly runId: string;
  /** `up`, `down`, … */
  readonly command: string;
  /** Who runs it (`config.actor`). */
  readonly actor: string;
  /**
   * Kysely on the database: bound to the migration's transaction in `afterMigrate` (when the step
   * has one: see `inTransaction`), the connection pool everywhere else.
   */
  readonly db: Kysely<any>;
  /** True when `db` is the migration's transaction. */
  readonly inTransaction: boolean;
  readonly log: HookLogger;
  readonly audit: HookAudit;
  /** Stops the run with this reason (before the commit: the step is rolled back or restored). */
  abort(reason: string): never;
}

/** What migration hooks (`beforeMigrate`, `afterMigrate`, `afterCommit`, `onError`) receive. */
export interface MigrationHookContext extends RunHookContext {
  readonly migration: HookMigration;
  readonly sector: string | undefined;
  readonly direction: 'up' | 'down';
  /** 1-based position of the step in the run, and how many steps the run has. */
  readonly index: number;
  readonly count: number;
  /** Shared by every hook of this step, from `beforeMigrate` to `afterCommit`/`onError` (e.g. totals taken before). */
  readonly state: Map<string, unknown>;
  /** `afterMigrate` and `afterCommit` of an `up`: rows changed per table, and the schema changes, one line each. */
  readonly changes?: { rowsChanged: Record<string, number>; schema: string[] };
  /** `afterCommit`: how long the step took. */
  readonly durationMs?: number;
  /** `onError`: what failed (code and message, never a data value) and what happened to the step's changes. */
  readonly error?: { code: string; message: string; outcome: string };
}

/** What `afterAll` receives besides the context: how the run ended. */
export interface RunHookSummary {
  ok: boolean;
  durationMs: number;
  committed: { version: string; name: string; direction: 'up' | 'down' }[];
  error?: { code: string; message: string };
}

export type BeforeAllHook = (context: RunHookContext) => Promise<void> | void;
export type MigrationHook = (context: MigrationHookContext, sector: string | undefined) => Promise<void> | void;
/** `onError` runs after a failed step (with `migration`) or after a run that failed before any step (without). */
export type ErrorHook = (
  context: MigrationHookContext | (RunHookContext & { error: { code: string; message: string } }),
  sector: string | undefined,
) => Promise<void> | void;
export type AfterAllHook = (context: RunHookContext, summary: RunHookSummary) => Promise<void> | void;

type OneOrMany<T> = T | T[];

/**
 * The business hooks of the config (`hooks: { … }`) or of a sector pack: each a function or an
 * array of functions, awaited in order.
 *
 * | hook            | when                                                  | in the transaction | a throw / `abort()`                          |
 * |-----------------|-------------------------------------------------------|--------------------|----------------------------------------------|
 * | `beforeAll`     | under the lock, before the run's backup               | no                 | fails the run, nothing changed               |
 * | `beforeMigrate` | before each step's transaction                        | no                 | fails the step, nothing of it ran            |
 * | `afterMigrate`  | after the step, its checks and validation, pre-commit | yes (when it has one) | rolls the step back (or restores it)      |
 * | `afterCommit`   | once the step committed                               | no                 | reported and audited; the run's result stands |
 * | `onError`       | once a failed step was rolled back or restored        | no                 | reported and audited                         |
 * | `afterAll`      | at the end of the run, success or not                 | no                 | reported and audited                         |
 *
 * @example
 * const hooks: HooksConfig = {
 *   beforeMigrate: async (ctx, sector) => ctx.log.info({ sector }, `starting ${ctx.migration.name}`),
 *   afterMigrate: [async (ctx) => { if (ctx.migration.sector === 'sante' && !ctx.migration.approvedBy) ctx.abort('not approved') }],
 * }
 */
export interface HooksConfig {
  beforeAll?: OneOrMany<BeforeAllHook>;
  beforeMigrate?: OneOrMany<MigrationHook>;
  afterMigrate?: OneOrMany<MigrationHook>;
  afterCommit?: OneOrMany<MigrationHook>;
  onError?: OneOrMany<ErrorHook>;
  afterAll?: OneOrMany<AfterAllHook>;
}
