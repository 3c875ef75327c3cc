import type { LintRule } from './lint-rules.ts';
import type { LintSubject } from './lint-subject.ts';

/**
 * A lint rule contributed from outside the built-in set, e.g. by a sector pack
 * (`ecommerce/float-money`): its id (stable, named in `lint.allow`), severity and texts as a
 * built-in rule, who contributed it, which migrations it lints, and the check itself, which reads
 * the same subject the built-in rules read (statements, predicted schemas, row counts, the
 * current schema) and returns what it found.
 *
 * @example
 * const rule: ContributedLintRule = {
 *   id: 'banking/no-iban-drop', severity: 'error', source: 'sector banking',
 *   explanation: 'Dropping an IBAN column loses payout details.', hint: 'Keep the column.',
 *   check: (s) => s.statements.filter((st) => /drop\s+column\s+iban/i.test(st.sql)).map((st) => ({ line: st.line, message: 'drops iban' })),
 * }
 */
export interface ContributedLintRule extends LintRule {
  /** Named in messages: `sector ecommerce`. */
  source: string;
  /** The explanation and hint in French, when the contributor gives them. */
  fr?: { explanation: string; hint: string };
  /** Whether the rule lints this migration (all when absent). */
  appliesTo?(subject: LintSubject): boolean;
  check(subject: LintSubject): { line?: number | undefined; message: string }[];
}
