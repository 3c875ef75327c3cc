import type { DialectName } from '../sql/dialect-name.ts';

/** How bad a finding is: an `error` fails `lint` (exit 1) and, with `lint.onUp: error`, refuses `up`. */
export type LintSeverity = 'error' | 'warning';

/** One lint rule: a stable id, its severity, a one-line explanation and how to fix it. */
export interface LintRule {
  id: string;
  severity: LintSeverity;
  /** The dialects it applies to (all when absent). */
  dialects?: DialectName[];
  explanation: string;
  hint: string;
}

/**
 * Every lint rule, by id (ids are stable: migrations name them in `lint.allow`).
 *
 * @example
 * LINT_RULES['drop-table'].severity // 'error'
 */
export const LINT_RULES = {
  'drop-table': {
    id: 'drop-table',
    severity: 'error',
    explanation: 'Dropping a table loses its data and breaks every running version of the application that still reads it.',
    hint: 'Stop using the table in a release first, keep a backup, then drop it in a later migration with lint.allow and a reason.',
  },
  'drop-column': {
    id: 'drop-column',
    severity: 'error',
    explanation: 'Dropping a column loses its data and breaks running code that still selects or writes it.',
    hint: 'Stop reading and writing the column in a release first (expand/contract), then drop it in a later migration.',
  },
  'rename-table': {
    id: 'rename-table',
    severity: 'error',
    explanation: 'Renaming a table is backward-incompatible: the running application still uses the old name.',
    hint: 'Create the new table (or a view with the new name), move the code over, then drop the old one later.',
  },
  'rename-column': {
    id: 'rename-column',
    severity: 'error',
    explanation: 'Renaming a column is backward-incompatible: the running application still uses the old name.',
    hint: 'Add the new column, write both, backfill, switch reads, then drop the old column in a later migration.',
  },
  'not-null-without-default': {
    id: 'not-null-without-default',
    severity: 'error',
    explanation: 'A NOT NULL column without a default on a table that has rows fails on the existing rows (or needs every one rewritten).',
    hint: 'Add the column nullable (or with a default), backfill it, then set NOT NULL in a later migration.',
  },
  'column-type-change': {
    id: 'column-type-change',
    severity: 'warning',
    explanation: 'Changing a column type usually rewrites the whole table under an exclusive lock, and may fail on values that do not cast.',
    hint: 'Add a column of the new type, backfill it in batches, switch the code, then drop the old column; rehearse on a copy of the data first.',
  },
  'pg-index-not-concurrent': {
    id: 'pg-index-not-concurrent',
    severity: 'warning',
    dialects: ['postgres'],
    explanation: 'CREATE INDEX without CONCURRENTLY blocks every write to a large table until the index is built.',
    hint: 'Use CREATE INDEX CONCURRENTLY in a migration marked transactional: false (SQL: -- migrate:up transaction:false).',
  },
  'pg-fk-not-valid': {
    id: 'pg-fk-not-valid',
    severity: 'warning',
    dialects: ['postgres'],
    explanation: 'Adding a foreign key to an existing table checks every row while holding a lock that blocks writes on both tables.',
    hint: 'Add it with NOT VALID, then run ALTER TABLE … VALIDATE CONSTRAINT in a later migration (it takes a weaker lock).',
  },
  'update-delete-without-where': {
    id: 'update-delete-without-where',
    severity: 'error',
    explanation: 'An UPDATE or DELETE without WHERE changes every row of the table.',
    hint: 'Add a WHERE clause; if every row is meant, say so with lint.allow and a reason.',
  },
  'no-down': {
    id: 'no-down',
    severity: 'warning',
    explanation: 'A migration without down cannot be reverted, and `rehearse` cannot check its round trip.',
    hint: 'Write a down that puts the schema (and the rows) back as before up.',
  },
  'non-transactional-ddl': {
    id: 'non-transactional-ddl',
    severity: 'warning',
    explanation: 'The migration runs outside a transaction although none of its statements needs that: a failure half-way leaves partial changes.',
    hint: 'Remove transactional: false (SQL: transaction:false) unless a statement needs it, e.g. CREATE INDEX CONCURRENTLY.',
  },
  'money-float': {
    id: 'money-float',
    severity: 'warning',
    explanation: 'A money amount in a floating-point column loses cents to rounding (0.1 + 0.2 ≠ 0.3).',
    hint: 'Use numeric/decimal (e.g. numeric(12,2)) or an integer count of cents.',
  },
} as const satisfies Record<string, LintRule>;

/** A lint rule id. */
export type LintRuleId = keyof typeof LINT_RULES;

/** Every rule, in the order the README lists them. */
export const ALL_LINT_RULES: readonly LintRule[] = Object.values(LINT_RULES);
