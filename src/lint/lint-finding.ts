import type { LintRuleId, LintSeverity } from './lint-rules.ts';

/** One finding of `lint`: which rule, where (file and line when known), and what it saw. */
export interface LintFinding {
  rule: LintRuleId;
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
}
