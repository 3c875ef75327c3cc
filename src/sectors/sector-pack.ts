import type { AnonymizationStrategy, PersonalKind } from '../config/sections/privacy.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { HookMigration, HooksConfig, MigrationHookContext } from '../hooks/hook-types.ts';
import type { LintSubject } from '../lint/lint-subject.ts';
import type { DialectName } from '../sql/dialect-name.ts';

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
  before?(ctx: MigrationHookContext, view: StepView): Promise<unknown>;
  /** In the step's transaction, after it ran: the problems found (none: the step goes on). */
  verify?(ctx: MigrationHookContext, before: unknown, view: StepView): Bilingual[] | Promise<Bilingual[]>;
  /** Once the step failed and was rolled back or restored (e.g. to audit an access that was attempted). */
  onFailure?(ctx: MigrationHookContext, before: unknown, view: StepView): Promise<void> | void;
}

/** What a check sees of the database in the step's transaction. */
export interface StepView {
  /** The schema now, in the step's transaction (after a failure: as the rollback or restore left it); dihya-migrate's own tables left out. */
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
  /**
   * How `anonymize`, `rehearse --anonymize` and `subject erase` rewrite the matching columns: the
   * entry is merged into the privacy catalog (`privacy.columns` of the config wins on a column it
   * names; key and foreign-key columns are kept). Without it the entry only informs `docs`, `plan`
   * and the pack's own checks.
   */
  anonymize?: { kind: PersonalKind; strategy: Extract<AnonymizationStrategy, 'fake' | 'hash' | 'null' | 'keep'> };
}

/**
 * A lint rule a pack contributes: run by `lint`, `plan`, `rehearse` and before `up` (`lint.onUp`)
 * like the built-in rules, on the migrations of the pack's sector (or every migration,
 * `appliesTo: 'every-migration'`). Its id is `<pack>/<name>` (stable: migrations name it in
 * `lint.allow`). `check` reads what the built-in rules read: the statements with their lines,
 * the schema predicted around the migration (`schemas`, when `plan`/`lint` could preview it), the
 * current schema, row counts.
 *
 * @example
 * const noIbanDrop: SectorLintRule = {
 *   id: 'banking/no-iban-drop',
 *   severity: 'error',
 *   explanation: { en: 'Dropping an IBAN column loses payout details.', fr: 'Supprimer une colonne IBAN perd les coordonnées de paiement.' },
 *   hint: { en: 'Keep the column; stop writing it first.', fr: 'Gardez la colonne ; cessez d’abord de l’écrire.' },
 *   check: (s) => s.statements.filter((st) => /drop\s+column\s+iban/i.test(st.sql)).map((st) => ({ line: st.line, message: 'drops iban' })),
 * }
 */
export interface SectorLintRule {
  id: string;
  severity: 'error' | 'warning';
  explanation: Bilingual;
  hint: Bilingual;
  /** Default `sector`: only migrations declaring the pack's sector. */
  appliesTo?: 'sector' | 'every-migration';
  /** The dialects it applies to (all when absent). */
  dialects?: DialectName[];
  /** What it found in one migration: a message each (never a data value), with the statement's line when known. */
  check(subject: LintSubject): { line?: number | undefined; message: string }[];
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
  /** Lint rules (ids `<pack>/<name>`). */
  lint?: SectorLintRule[];
  /** Migrations touching the pack's data may only be rehearsed on an anonymized copy: the reason for this one, or nothing. */
  rehearseAnonymized?(migration: HookMigration, view: PrepareView): Bilingual | undefined;
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
