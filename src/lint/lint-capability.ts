import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { PipelineDeps, PrepareContext } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import type { ContributedLintRule } from './contributed-rules.ts';
import { collectLintSubjects } from './collect-subjects.ts';
import type { LintFinding } from './lint-finding.ts';
import { failingFindings, lintMigrations, ruleIdsOf } from './lint-migrations.ts';

/**
 * Lint before `up` (`lint.onUp`, default `warn`): the migrations about to run are linted from
 * their definitions and, for SQL files, their statements (no schema preview and no dry run of
 * TypeScript steps here: that is `plan`'s and `lint`'s), before the lock. `warn` sends each finding as a `lint-finding` event; `error` also refuses the run on an
 * error-level finding not allowed by its migration (LINT_BLOCKED, exit 2); `off` skips it.
 * `contributed`: the rules of the enabled sector packs, run with the built-in ones.
 *
 * @example
 * const extensions = await lintExtensions(config) // [] with lint.onUp: 'off'
 */
export async function lintExtensions(config: ResolvedConfig, contributed: readonly ContributedLintRule[] = []): Promise<RunExtension[]> {
  if (config.lint.onUp === 'off') return [];
  return [
    {
      name: 'lint',
      async prepare(context: PrepareContext) {
        if (context.command !== 'up' || context.migrations.length === 0) return;
        await lintBeforeRun(context.deps, context.migrations, contributed, 'up');
      },
    },
  ];
}

/**
 * Lints the migrations a run is about to apply (`up`, and `rehearse` before it copies anything) as
 * `lint.onUp` says: nothing with `off`; with `warn` every finding not allowed is sent as a
 * `lint-finding` event; with `error` an error-level one also refuses the command (LINT_BLOCKED,
 * exit 2). Returns the findings.
 *
 * @example
 * const findings = await lintBeforeRun(deps, pending, contributed, 'rehearse')
 */
export async function lintBeforeRun(
  deps: PipelineDeps,
  migrations: LoadedMigration[],
  contributed: readonly ContributedLintRule[],
  command: string,
): Promise<LintFinding[]> {
  const { config } = deps;
  if (config.lint.onUp === 'off' || migrations.length === 0) return [];
  // SQL files' statements as parsed; TypeScript steps are not dry-run here (that would run their code once more before the real run).
  const subjects = await collectLintSubjects(deps.target, migrations, new Map(), new Map(), { ownTables: deps.tables.all, cwd: config.cwd });
  const findings = lintMigrations(subjects, { indexRowThreshold: config.lint.indexRowThreshold, contributed });
  for (const f of findings.filter((f) => !f.allowed)) {
    deps.emitter.emit({
      type: 'lint-finding',
      rule: f.rule,
      severity: f.severity,
      migration: f.migration,
      file: f.file,
      ...(f.line === undefined ? {} : { line: f.line }),
      message: f.message,
    });
  }
  const failing = failingFindings(findings);
  if (config.lint.onUp === 'error' && failing.length > 0)
    throw new DihyaError('LINT_BLOCKED', { count: failing.length, rules: ruleIdsOf(failing), ...(command === 'up' ? {} : { command }) });
  return findings;
}
