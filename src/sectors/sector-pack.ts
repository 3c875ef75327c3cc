import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { HookMigration, HooksConfig, MigrationHookContext } from '../hooks/hook-types.ts';

/** A text in English and French (messages, audit notes, descriptions of packs and checks). */
export interface Bilingual {
  en: string;
  fr: string;
}

/** What a pack's check sees before the lock: the current schema of the database (dihya-migrate's own tables left out). */
export interface PrepareView {
  schema: SchemaSnapshot;
}

/**
 * A data check a sector pack runs on the migrations that declare its sector (or on every
 * migration, `appliesTo: 'every-migration'`): `prepare` looks at the file before the lock,
 * `before` reads the database before the step's transaction, `verify` reads it inside the
 * transaction after the step. Any problem stops the run: before the lock nothing ran; in the
 * transaction the step is rolled back (or restored) like a failing migration.
 *
 * @example
 * const noEmptyGrades: SectorCheck = {
 *   name: 'grades-present',
 *   description: { en: 'grades are never empty', fr: 'les notes ne sont jamais vides' },
 *   async verify(ctx) {
 *     const row = await ctx.db.selectFrom('grades').select((e) => e.fn.countAll().as('n')).where('score', 'is', null).executeTakeFirst()
 *     return Number(row?.n) === 0 ? [] : [{ en: 'empty grades', fr: 'notes vides' }]
 *   },
 * }
 */
export interface SectorCheck {
  name: string;
  description: Bilingual;
  /** Default `sector`: only migrations declaring the pack's sector. */
  appliesTo?: 'sector' | 'every-migration';
  /** Runs for `up` only (default), or for both directions. */
  directions?: ('up' | 'down')[];
  /** Before the lock, from the migration file and the current schema. */
  prepare?(migration: HookMigration, view: PrepareView): Bilingual[] | Promise<Bilingual[]>;
  /** Before the step's transaction (on the pool): what `verify` compares with. */
  before?(ctx: MigrationHookContext): Promise<unknown>;
  /** In the step's transaction, after it ran: the problems found (none: the step goes on). */
  verify?(ctx: MigrationHookContext, before: unknown, view: StepView): Bilingual[] | Promise<Bilingual[]>;
  /** Once the step failed and was rolled back or restored (e.g. to audit an access that was attempted). */
  onFailure?(ctx: MigrationHookContext, before: unknown): Promise<void> | void;
}

/** What a check sees of the database in the step's transaction. */
export interface StepView {
  /** The schema now, in the step's transaction (dihya-migrate's own tables left out). */
  schema(): Promise<SchemaSnapshot>;
}

/**
 * A personal-data catalog entry a pack contributes: columns whose names match `column` (and, when
 * given, in tables matching `table`), both case-insensitive regular expressions.
 */
export interface SectorCatalogEntry {
  table?: string;
  column: string;
  /** `special-category`: GDPR Art. 9 data (health, biometrics…); `personal`: other personal data; `money`: amounts. */
  category: 'special-category' | 'personal' | 'money';
  note: Bilingual;
}

/**
 * A sector pack: a plain module (its default export) that contributes hooks, data checks,
 * personal-data catalog entries and migration templates to the migrations that declare its
 * sector (`sector: 'banking'`). Enabled with `sectors: ['sante', './sectors/banking.ts']`.
 *
 * @example
 * import type { SectorPack } from 'dihya-migrate'
 *
 * export default {
 *   name: 'banking',
 *   description: { en: 'IBANs never change in a migration', fr: 'les IBAN ne changent jamais dans une migration' },
 *   hooks: { beforeMigrate: (ctx) => ctx.log.info({ name: ctx.migration.name }, 'banking migration') },
 * } satisfies SectorPack
 */
export interface SectorPack {
  /** The sector migrations declare (`sector: 'banking'`): lower-case letters, digits, `_` or `-`. */
  name: string;
  description: Bilingual;
  /** Hooks run for this sector's migrations (`beforeAll`/`afterAll`: on every run). */
  hooks?: HooksConfig;
  checks?: SectorCheck[];
  catalog?: SectorCatalogEntry[];
  /** What `new <slug> --sector <name>` writes. */
  templates?: { ts?: (slug: string) => string };
  /** Where the pack came from (filled in when it is loaded: `built-in`, or the module's path). */
  source?: string;
}

/**
 * Declares a sector pack, with type checking (see {@link SectorPack}).
 *
 * @example
 * export default defineSectorPack({ name: 'banking', description: { en: 'banking', fr: 'banque' } })
 */
export function defineSectorPack(pack: SectorPack): SectorPack {
  return pack;
}
