import { z } from 'zod';
import type { MigrationField } from '../errors/codes/migration-files.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { once } from '../util/once.ts';
import type { MigrationChecks } from '../validate/migration-checks.ts';
import type { MigrationDefinition } from './define-migration.ts';

/**
 * The schemas of a migration definition and of its `checks`, checked when a migration file is
 * loaded; built on the first call (zod schemas take milliseconds to build, and many commands
 * load no migration).
 *
 * @example
 * definitionSchemas().definition.safeParse({ description: 'x', up() {}, timeoutMs: -1 }).success // false
 * definitionSchemas().checks.safeParse({ allowRowLoss: 'orders' }).success // false: an array or '*'
 */
export const definitionSchemas = once(() => {
  const count = z.number().int().nonnegative();
  const boundObject = z
    .strictObject({ min: count.optional(), max: count.optional() })
    .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max);
  const bound = z.union([count, boundObject]);
  const name = z.string().trim().min(1);
  const text = z.string().trim().min(1);
  const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function');

  /** The `checks` a migration declares (see {@link MigrationChecks}): wrong shapes and unknown keys are refused before anything runs. */
  const checks = z.strictObject({
    allowRowLoss: z.union([z.literal('*'), z.array(name)]).optional(),
    notNull: z.array(z.string().regex(/^[^.\s][^\s]*\.[^.\s]+$/)).optional(),
    rowCounts: z.record(name, bound).optional(),
    allowOrphans: z.array(name).optional(),
    rowsChanged: z.record(name, bound).optional(),
  });

  /** Every field of a migration definition (see {@link MigrationDefinition}). Unknown keys are refused. */
  const definition = z.strictObject({
    description: text,
    sector: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .optional(),
    up: fn,
    down: fn.optional(),
    verify: fn.optional(),
    transactional: z.boolean().optional(),
    downTransactional: z.boolean().optional(),
    checks: checks.optional(),
    timeoutMs: z.number().int().positive().optional(),
    lint: z.strictObject({ allow: z.array(text).min(1), reason: text }).optional(),
    author: text.optional(),
    purpose: text.optional(),
    approvedBy: text.optional(),
    sectorRules: z.record(z.string(), z.unknown()).optional(),
    backfill: z.boolean().optional(),
    ownConnections: z.boolean().optional(),
  });

  return { checks, definition };
});

// A field added to MigrationDefinition or MigrationChecks without its schema fails here, at type-check time.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
const definitionKeysMatch: SameKeys<MigrationDefinition, z.infer<ReturnType<typeof definitionSchemas>['definition']>> = true;
const checksKeysMatch: SameKeys<MigrationChecks, z.infer<ReturnType<typeof definitionSchemas>['checks']>> = true;
void definitionKeysMatch;
void checksKeysMatch;

/**
 * Where an invalid field comes from, for the error: the migration, its kind, and (SQL) the line of each field.
 *
 * @example
 * const source: DefinitionSource = { name: '20260101000000_x', kind: 'sql', lineOf: (path) => (path === 'timeoutMs' ? 3 : undefined) }
 */
export interface DefinitionSource {
  name: string;
  kind: 'sql' | 'ts';
  /** The line a field path (`checks.rowCounts.orders`) was written on, for SQL directives. */
  lineOf?: (path: string) => number | undefined;
}

/**
 * Checks a migration definition against its schema ({@link definitionSchemas}) and returns it as is;
 * the first problem is thrown as `MIGRATION_FIELD_INVALID` naming the migration, the key, and
 * the shape it must have (with the closest known key for a misspelt one).
 *
 * @example
 * validateDefinition(module.default, { name: '20260101000000_add_phone', kind: 'ts' })
 */
export function validateDefinition(value: Record<string, unknown>, source: DefinitionSource): MigrationDefinition {
  const result = definitionSchemas().definition.safeParse(value);
  if (result.success) return value as unknown as MigrationDefinition;
  throw fieldError(firstIssue(result.error.issues), source);
}

type Issue = z.core.$ZodIssue;

/** The first issue, looking inside a union for an unknown key (a misspelt `min`, say). */
function firstIssue(issues: readonly Issue[]): Issue {
  const issue = issues[0]!;
  if (issue.code !== 'invalid_union') return issue;
  const unknownKey = issue.errors.flat().find((i) => i.code === 'unrecognized_keys');
  return unknownKey ? { ...unknownKey, path: [...issue.path, ...unknownKey.path] } : issue;
}

/** The keys known at each level of a definition, for the closest one to a misspelt key. */
function knownKeys(at: string): readonly string[] | undefined {
  const { definition, checks } = definitionSchemas();
  return { '': Object.keys(definition.shape), checks: Object.keys(checks.shape), lint: ['allow', 'reason'] }[at];
}

function fieldError(issue: Issue, source: DefinitionSource): DihyaError<'MIGRATION_FIELD_INVALID'> {
  const at = issue.path.map(String);
  const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0]! : undefined;
  const path = (unknown === undefined ? at : [...at, unknown]).join('.');
  const field = fieldOf(at);
  const line = source.lineOf?.(path);
  const base = { name: source.name, kind: source.kind, path, field, ...(line === undefined ? {} : { line }) };
  if (unknown === undefined) return new DihyaError('MIGRATION_FIELD_INVALID', { ...base, problem: 'wrong-value' });
  const known = knownKeys(at.join('.')) ?? ['min', 'max'];
  const suggestion = closest(unknown, known);
  return new DihyaError('MIGRATION_FIELD_INVALID', { ...base, problem: 'unknown-key', known: known.join(', '), ...(suggestion ? { suggestion } : {}) });
}

/** The field whose shape applies to a path: `checks.rowCounts.orders.min` -> `checks.rowCounts`. */
function fieldOf(at: string[]): MigrationField {
  if (at.length === 0) return 'definition';
  const [first, second] = at;
  if ((first === 'checks' || first === 'lint') && second !== undefined) return `${first}.${second}` as MigrationField;
  return first as MigrationField;
}

/**
 * The known key closest to a misspelt one (same letters ignoring case, or at most two edits), if any.
 *
 * @example
 * closest('notnul', ['allowRowLoss', 'notNull']) // 'notNull'
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = key.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word.toLowerCase(), key.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}
