import { DihyaError } from '../errors/dihya-error.ts';
import { definitionFindings } from './definition-rules.ts';
import type { LintFinding } from './lint-finding.ts';
import { LINT_RULES, type LintRule } from './lint-rules.ts';
import type { LintOptions, LintSubject } from './lint-subject.ts';
import { schemaFindings } from './schema-rules.ts';
import { statementFindings } from './statement-rules.ts';

/**
 * Lints migrations: every rule that applies to the dialect, from the statements, the predicted
 * schema diff and the definition. A rule the migration names in `lint.allow` is kept in the result
 * with `allowed` (its reason) and never counts as a failure; an unknown id there is refused
 * (LINT_ALLOW_INVALID). Findings come in migration order, then by line.
 *
 * @example
 * const findings = lintMigrations(subjects, { indexRowThreshold: 100000 })
 * findings.filter((f) => f.severity === 'error' && !f.allowed)
 */
export function lintMigrations(subjects: LintSubject[], options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const subject of subjects) {
    const { migration } = subject;
    const allow = migration.definition.lint?.allow ?? [];
    const unknown = allow.find((id) => !(id in LINT_RULES));
    if (unknown) throw new DihyaError('LINT_ALLOW_INVALID', { name: migration.name, reason: `unknown rule id ${unknown}` });
    const fromStatements = statementFindings(subject, options);
    // A NOT NULL column the statements show already is not reported again from the schema diff.
    const fromSchema = schemaFindings(subject).filter((f) => f.rule !== 'not-null-without-default' || !fromStatements.some((s) => s.rule === f.rule));
    const raw = [...fromStatements, ...fromSchema, ...definitionFindings(subject)];
    const own: LintFinding[] = [];
    for (const found of raw) {
      const rule: LintRule = LINT_RULES[found.rule];
      if (rule.dialects && !rule.dialects.includes(subject.dialect)) continue;
      own.push({
        rule: found.rule,
        severity: rule.severity,
        migration: migration.name,
        file: subject.file,
        ...(found.line === undefined ? {} : { line: found.line }),
        message: found.message,
        explanation: rule.explanation,
        hint: rule.hint,
        ...(allow.includes(found.rule) ? { allowed: migration.definition.lint!.reason } : {}),
      });
    }
    own.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    findings.push(...own);
  }
  return findings;
}

/**
 * The findings that fail: errors not allowed by their migration.
 *
 * @example
 * if (failingFindings(findings).length > 0) process.exitCode = 1
 */
export function failingFindings(findings: LintFinding[]): LintFinding[] {
  return findings.filter((f) => f.severity === 'error' && !f.allowed);
}

/** The ids of findings, once each, for an error's message. */
export function ruleIdsOf(findings: LintFinding[]): string {
  return [...new Set(findings.map((f) => f.rule))].join(', ');
}
