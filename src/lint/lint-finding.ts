import type { LintRuleId, LintSeverity } from './lint-rules.ts';

/** One finding of `lint`: which rule, where (file and line when known), and what it saw. */
export interface LintFinding {
  /** A built-in rule's id, or a contributed one's (`ecommerce/float-money`). */
  rule: LintRuleId | (string & {});
  severity: LintSeverity;
  migration: string;
  /** The migration file, relative to the project. */
  file: string;
  line?: number;
  /** What was found, e.g. `drop table orders`. */
  message: string;
  explanation: string;
  hint: string;
  /** Set when the migration silences the rule (`lint.allow`): the reason it gives. Such findings never fail. */
  allowed?: string;
  /** The explanation and hint in French, for a contributed rule that gives them. */
  fr?: { explanation: string; hint: string };
}
