import type { RunExtension } from '../pipeline/run-extension.ts';
import type { RunContext, RunSummary, StepContext } from '../pipeline/run-context.ts';
import { hookFailed, migrationHookContext, runHookContext, type StepStates } from './hook-context.ts';
import { checkHooks } from './hooks-schema.ts';
import type { AfterAllHook, BeforeAllHook, ErrorHook, HookName, MigrationHook, RunHookSummary } from './hook-types.ts';

/** Where a set of hooks comes from and which migrations its migration hooks run for. */
export interface HookSource {
  /** Named in HOOK_INVALID (`dihya.config.ts`, `sector sante`). */
  source: string;
  /** Put before each hook's name in errors and the audit: `` for the config's hooks, `sector sante: ` for a pack's. */
  prefix: string;
  hooks: unknown;
  /** Whether the migration hooks run for a migration of this sector (run-level hooks always run). */
  appliesTo(sector: string | undefined): boolean;
}

/**
 * One RunExtension per hook function, in the order they are declared, named after the hook
 * (`hook afterMigrate #2 (checkTotals)`): `beforeAll` → beforeAll, `beforeMigrate` → beforeStep,
 * `afterMigrate` → inTransaction, `afterCommit` → afterCommit, `onError` → onFailure (and
 * afterAll when the run failed before any step), `afterAll` → afterAll. Before the commit a hook
 * that throws or calls `abort()` stops the run with EXTENSION_FAILED naming it; after it, the
 * failure is reported and audited (`extension.failed`) and the run's result stands. Throws
 * HOOK_INVALID when the hooks are malformed.
 *
 * @example
 * const extensions = hookExtensions({ source: 'dihya.config.ts', prefix: '', hooks: config.hooks, appliesTo: () => true }, new StepStates())
 */
export function hookExtensions(source: HookSource, states: StepStates): RunExtension[] {
  const byName = checkHooks(source.hooks, source.source);
  const label = (hook: HookName, index: number, fn: { name: string }) =>
    `${source.prefix}hook ${hook} #${index + 1}${fn.name && fn.name !== hook ? ` (${fn.name})` : ''}`;
  const applies = (step: StepContext) => source.appliesTo(step.migration.definition.sector);
  const sectorOf = (step: StepContext) => step.migration.definition.sector;
  const extensions: RunExtension[] = [];

  byName.beforeAll.forEach((fn, i) => {
    const name = label('beforeAll', i, fn);
    extensions.push({
      name,
      beforeAll: async (run) => {
        try {
          await (fn as BeforeAllHook)(runHookContext(run, name));
        } catch (error) {
          throw hookFailed(name, 'beforeAll', error);
        }
      },
    });
  });
  byName.beforeMigrate.forEach((fn, i) => {
    const name = label('beforeMigrate', i, fn);
    extensions.push({
      name,
      beforeStep: async (step) => {
        if (!applies(step)) return;
        try {
          await (fn as MigrationHook)(migrationHookContext(step, name, states), sectorOf(step));
        } catch (error) {
          throw hookFailed(name, 'beforeMigrate', error);
        }
      },
    });
  });
  byName.afterMigrate.forEach((fn, i) => {
    const name = label('afterMigrate', i, fn);
    extensions.push({
      name,
      inTransaction: async (step, transaction) => {
        if (!applies(step)) return;
        const changes = transaction.report
          ? { rowsChanged: transaction.report.rowsChanged ?? {}, schema: transaction.report.changes.map((c) => c.summary) }
          : undefined;
        const context = migrationHookContext(step, name, states, { db: transaction.db, inTransaction: transaction.transactional }, changes ? { changes } : {});
        try {
          await (fn as MigrationHook)(context, sectorOf(step));
        } catch (error) {
          throw hookFailed(name, 'afterMigrate', error);
        }
      },
    });
  });
  byName.afterCommit.forEach((fn, i) => {
    const name = label('afterCommit', i, fn);
    extensions.push({
      name,
      afterCommit: async (step) => {
        if (!applies(step)) return;
        const changes = step.report ? { rowsChanged: step.report.rowsChanged ?? {}, schema: step.report.changes.map((c) => c.summary) } : undefined;
        await (fn as MigrationHook)(
          migrationHookContext(step, name, states, {}, { durationMs: step.durationMs, ...(changes ? { changes } : {}) }),
          sectorOf(step),
        );
      },
    });
  });
  byName.onError.forEach((fn, i) => {
    const name = label('onError', i, fn);
    extensions.push({
      name,
      onFailure: async (step) => {
        states.markFailed(step.run);
        if (!applies(step)) return;
        const error = { code: step.error.code, message: step.error.message, outcome: step.outcome };
        await (fn as ErrorHook)(migrationHookContext(step, name, states, {}, { error }), sectorOf(step));
      },
      afterAll: async (run, summary) => {
        // A run that failed before any step (beforeAll, the backup…): onError once, without a migration.
        if (summary.ok || states.hasFailedStep(run) || !summary.error) return;
        const error = { code: summary.error.code, message: summary.error.message };
        await (fn as ErrorHook)({ ...runHookContext(run, name), error }, undefined);
      },
    });
  });
  byName.afterAll.forEach((fn, i) => {
    const name = label('afterAll', i, fn);
    extensions.push({
      name,
      afterAll: async (run, summary) => {
        await (fn as AfterAllHook)(runHookContext(run, name), hookSummary(run, summary));
      },
    });
  });
  return extensions;
}

function hookSummary(run: RunContext, summary: RunSummary): RunHookSummary {
  return {
    ok: summary.ok,
    durationMs: summary.durationMs,
    committed: run.committed.map((c) => ({ version: c.version, name: c.name, direction: c.direction })),
    ...(summary.error ? { error: { code: summary.error.code, message: summary.error.message } } : {}),
  };
}
