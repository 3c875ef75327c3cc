import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import type { PrepareContext } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { collectLintSubjects } from './collect-subjects.ts';
import { failingFindings, lintMigrations, ruleIdsOf } from './lint-migrations.ts';

/**
 * Lint before `up` (`lint.onUp`, default `warn`): the migrations about to run are linted from
 * their definitions and, for SQL files, their statements (no schema preview and no dry run of
 * TypeScript steps here: that is `plan`'s and `lint`'s), before the lock. `warn` sends each finding as a `lint-finding` event; `error` also refuses the run on an
 * error-level finding not allowed by its migration (LINT_BLOCKED, exit 2); `off` skips it.
 *
 * @example
 * const extensions = await lintExtensions(config) // [] with lint.onUp: 'off'
 */
export async function lintExtensions(config: ResolvedConfig): Promise<RunExtension[]> {
  const mode = config.lint.onUp;
  if (mode === 'off') return [];
  return [
    {
      name: 'lint',
      async prepare(context: PrepareContext) {
        if (context.command !== 'up' || context.migrations.length === 0) return;
        const { deps, migrations } = context;
        // SQL files' statements as parsed; TypeScript steps are not dry-run here (that would run their code once more before the real run).
        const subjects = await collectLintSubjects(deps.target, migrations, new Map(), new Map(), { ownTables: deps.tables.all, cwd: config.cwd });
        const findings = lintMigrations(subjects, { indexRowThreshold: config.lint.indexRowThreshold });
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
        if (mode === 'error' && failing.length > 0) throw new DihyaError('LINT_BLOCKED', { count: failing.length, rules: ruleIdsOf(failing) });
      },
    },
  ];
}
