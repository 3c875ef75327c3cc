import { loadConfig } from '../../config/load-config.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { contributedLintRules } from '../../sectors/pack-lint.ts';
import type { LintFinding } from '../../lint/lint-finding.ts';
import { failingFindings, ruleIdsOf } from '../../lint/lint-migrations.ts';
import { ALL_LINT_RULES, type LintRule } from '../../lint/lint-rules.ts';
import { formatTable } from '../format-table.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CommandResult } from '../output.ts';

/** `lint [--to <version>] [--all] [--rules]`: the findings with file and line; exit 1 (LINT_FAILED) on an error-level one. */
export async function lintCommand(globals: GlobalOptions, options: { to?: string; all?: boolean; rules?: boolean }): Promise<CommandResult> {
  const m = globals.m.lint;
  if (options.rules) {
    // The built-in rules, then those of the sector packs the config enables.
    const config = await loadConfig({ cwd: globals.cwd, ...(globals.config ? { configPath: globals.config } : {}) });
    const contributed = await contributedLintRules(config);
    const rules: (LintRule & { fr?: { explanation: string; hint: string }; source?: string })[] = [
      ...ALL_LINT_RULES,
      ...contributed.map(({ id, severity, dialects, explanation, hint, fr, source }) => ({
        id,
        severity,
        ...(dialects ? { dialects } : {}),
        explanation,
        hint,
        ...(fr ? { fr } : {}),
        source,
      })),
    ];
    const rows = rules.map((r) => [
      r.id,
      m.severities[r.severity] ?? r.severity,
      r.dialects?.join(', ') ?? m.allDialects,
      m.rules[r.id]?.explanation ?? m.contributedText(r.explanation, r.fr?.explanation),
    ]);
    return { json: { rules }, text: formatTable(m.rulesHeaders, rows) };
  }
  const findings = await withMigrator(
    globals,
    (migrator) => migrator.lint({ ...(options.to ? { to: options.to } : {}), ...(options.all ? { all: true } : {}) }),
    undefined,
    lintFailure,
  );
  const failure = lintFailure(findings);
  return { json: { findings }, text: renderFindings(findings, globals.m), ...(failure ? { failure } : {}) };
}

/** LINT_FAILED when an error-level finding is not allowed by its migration. */
export function lintFailure(findings: LintFinding[]): DihyaError<'LINT_FAILED'> | undefined {
  const failing = failingFindings(findings);
  return failing.length === 0 ? undefined : new DihyaError('LINT_FAILED', { count: failing.length, rules: ruleIdsOf(failing) });
}

/**
 * Findings for people: `file:line: severity [rule] what`, why and how to fix, then a summary.
 *
 * @example
 * renderFindings(findings, en) // ['migrations/20260101000000_x.sql:3: error [drop-table] drop table orders', '  why: …', '  fix: …', 'lint: 1 error(s), 0 warning(s)']
 */
export function renderFindings(findings: LintFinding[], messages: Messages): string[] {
  const m = messages.lint;
  if (findings.length === 0) return [m.none];
  const lines: string[] = [];
  for (const f of findings) {
    const where = f.line === undefined ? f.file : `${f.file}:${f.line}`;
    const texts = m.rules[f.rule] ?? { explanation: m.contributedText(f.explanation, f.fr?.explanation), hint: m.contributedText(f.hint, f.fr?.hint) };
    lines.push(m.finding(where, m.severities[f.severity] ?? f.severity, f.rule, f.message), m.why(texts.explanation), m.fix(texts.hint));
    if (f.allowed) lines.push(m.allowed(f.allowed));
  }
  const open = findings.filter((f) => !f.allowed);
  lines.push(m.summary(open.filter((f) => f.severity === 'error').length, open.filter((f) => f.severity === 'warning').length, findings.length - open.length));
  return lines;
}
