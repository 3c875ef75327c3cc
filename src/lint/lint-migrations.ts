import { DihyaError } from '../errors/dihya-error.ts';
import { definitionFindings } from './definition-rules.ts';
import type { LintFinding } from './lint-finding.ts';
import { LINT_RULES, type LintRule } from './lint-rules.ts';
import type { LintOptions, LintSubject } from './lint-subject.ts';
import { schemaFindings } from './schema-rules.ts';
import { statementFindings } from './statement-rules.ts';

/**
 * Lints migrations: every rule that applies to the dialect, from the statements, the predicted
 * schema diff and the definition, then the rules sector packs contribute (`options.contributed`). A rule the migration names in `lint.allow` is kept in the result
 * with `allowed` (its reason) and never counts as a failure; an unknown id there is refused
 * (LINT_ALLOW_INVALID). Findings come in migration order, then by line.
 *
 * @example
 * const findings = lintMigrations(subjects, { indexRowThreshold: 100000 })
 * findings.filter((f) => f.severity === 'error' && !f.allowed)
 */
export function lintMigrations(subjects: LintSubject[], options: LintOptions): LintFinding[] {
  const findings: LintFinding[] = [];
  const contributed = options.contributed ?? [];
  for (const subject of subjects) {
    const { migration } = subject;
    const allow = migration.definition.lint?.allow ?? [];
    const unknown = allow.find((id) => !(id in LINT_RULES) && !contributed.some((r) => r.id === id));
    if (unknown) {
      const reason = unknown.includes('/')
        ? `unknown rule id ${unknown} (a pack's rule: is the pack ${unknown.split('/')[0]} in \`sectors\`?)`
        : `unknown rule id ${unknown}`;
      throw new DihyaError('LINT_ALLOW_INVALID', { name: migration.name, reason });
    }
    const fromStatements = statementFindings(subject, options);
    // A NOT NULL column the statements show already is not reported again from the schema diff.
    const fromSchema = schemaFindings(subject).filter((f) => f.rule !== 'not-null-without-default' || !fromStatements.some((s) => s.rule === f.rule));
    const raw = [...fromStatements, ...fromSchema, ...definitionFindings(subject)];
    const own: LintFinding[] = [];
    for (const found of raw) {
      const rule: LintRule = LINT_RULES[found.rule];
      if (rule.dialects && !rule.dialects.includes(subject.dialect)) continue;
      own.push(findingOf(subject, { ...rule, id: found.rule }, found, allow));
    }
    for (const rule of contributed) {
      if ((rule.dialects && !rule.dialects.includes(subject.dialect)) || (rule.appliesTo && !rule.appliesTo(subject))) continue;
      for (const found of rule.check(subject)) {
        own.push(findingOf(subject, rule, found, allow));
      }
    }
    own.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    findings.push(...own);
  }
  return findings;
}

/** One finding of `rule` (built in or a pack's) in the migration of `subject`, with its reason when the migration allows it. */
function findingOf(
  subject: LintSubject,
  rule: Pick<LintFinding, 'severity' | 'explanation' | 'hint' | 'fr'> & { id: string },
  found: { line?: number; message: string },
  allow: string[],
): LintFinding {
  return {
    rule: rule.id,
    severity: rule.severity,
    migration: subject.migration.name,
    file: subject.file,
    ...(found.line === undefined ? {} : { line: found.line }),
    message: found.message,
    explanation: rule.explanation,
    hint: rule.hint,
    ...(rule.fr ? { fr: rule.fr } : {}),
    ...(allow.includes(rule.id) ? { allowed: subject.migration.definition.lint!.reason } : {}),
  };
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
