import { DihyaError } from '../errors/dihya-error.ts';
import { hookFailed, hookMigration, migrationHookContext, type StepStates } from '../hooks/hook-context.ts';
import { hookExtensions } from '../hooks/hooks-extension.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { StepContext } from '../pipeline/run-context.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import type { Bilingual, SectorCheck, SectorPack } from './sector-pack.ts';

/**
 * A pack's extensions: `sector <name>` runs its checks (prepare before the lock, `before` before
 * each step's transaction, `verify` inside it, `onFailure` after a failed step), then one
 * extension per pack hook, for the migrations that declare the pack's sector.
 *
 * @example
 * const extensions = packExtensions(santePack, new StepStates())
 */
export function packExtensions(pack: SectorPack, states: StepStates): RunExtension[] {
  return [
    checksExtension(pack, states),
    ...hookExtensions({ source: `sector ${pack.name}`, prefix: `sector ${pack.name}: `, hooks: pack.hooks, appliesTo: (s) => s === pack.name }, states),
  ];
}

/** Whether a check runs for a migration of `sector`, in `direction`. */
export function checkApplies(pack: SectorPack, check: SectorCheck, sector: string | undefined, direction: 'up' | 'down'): boolean {
  if ((check.appliesTo ?? 'sector') === 'sector' && sector !== pack.name) return false;
  return (check.directions ?? ['up']).includes(direction);
}

function checksExtension(pack: SectorPack, states: StepStates): RunExtension {
  const checks = pack.checks ?? [];
  const label = (check: SectorCheck) => `sector ${pack.name}: check ${check.name}`;
  const applicable = (step: StepContext) => checks.filter((c) => checkApplies(pack, c, step.migration.definition.sector, step.direction));
  const beforeKey = (check: SectorCheck) => `sector ${pack.name}: before ${check.name}`;
  return {
    name: `sector ${pack.name}`,
    prepare: async (context) => {
      let schema: SchemaSnapshot | undefined;
      const view = {
        get schema(): SchemaSnapshot {
          return schema!;
        },
      };
      for (const migration of context.migrations) {
        for (const check of checks) {
          if (!check.prepare || !checkApplies(pack, check, migration.definition.sector, context.direction)) continue;
          schema ??= await context.deps.target.snapshotSchema(undefined, context.deps.tables.all);
          const problems = await check.prepare(hookMigration(migration), view);
          if (problems.length > 0) throw ruleViolated(pack, check, migration.name, problems);
        }
      }
    },
    beforeStep: async (step) => {
      for (const check of applicable(step)) {
        if (!check.before) continue;
        const ctx = migrationHookContext(step, label(check), states);
        try {
          ctx.state.set(beforeKey(check), await check.before(ctx));
        } catch (error) {
          throw hookFailed(label(check), 'beforeMigrate', error);
        }
      }
    },
    inTransaction: async (step, transaction) => {
      const view = { schema: () => step.run.target.snapshotSchema(transaction.db, step.run.tables.all) };
      const changes = transaction.report
        ? { rowsChanged: transaction.report.rowsChanged ?? {}, schema: transaction.report.changes.map((c) => c.summary) }
        : undefined;
      for (const check of applicable(step)) {
        if (!check.verify) continue;
        const ctx = migrationHookContext(
          step,
          label(check),
          states,
          { db: transaction.db, inTransaction: transaction.transactional },
          changes ? { changes } : {},
        );
        let problems: Bilingual[];
        try {
          problems = await check.verify(ctx, ctx.state.get(beforeKey(check)), view);
        } catch (error) {
          throw hookFailed(label(check), 'afterMigrate', error);
        }
        if (problems.length > 0) {
          ctx.state.set(`sector ${pack.name}: problems`, { check: check.name, problems });
          throw new DihyaError('EXTENSION_FAILED', { extension: label(check), point: 'afterMigrate', reason: problems.map((p) => p.en).join('; ') });
        }
      }
    },
    onFailure: async (step) => {
      const error = { code: step.error.code, message: step.error.message, outcome: step.outcome };
      for (const check of applicable(step)) {
        if (!check.onFailure) continue;
        const ctx = migrationHookContext(step, label(check), states, {}, { error });
        await check.onFailure(ctx, ctx.state.get(beforeKey(check)));
      }
      // What a check found, in English and French, outlives the rolled-back transaction.
      const found = states.of(step).get(`sector ${pack.name}: problems`) as { check: string; problems: Bilingual[] } | undefined;
      if (!found) return;
      await step.run.safety.audit.append('hook.note', {
        hook: `sector ${pack.name}: check ${found.check}`,
        run: step.run.runId,
        migration: step.migration.name,
        message: found.problems.map((p) => p.en).join('; '),
        details: { fr: found.problems.map((p) => p.fr).join(' ; '), outcome: step.outcome },
      });
    },
  };
}

function ruleViolated(pack: SectorPack, check: SectorCheck, name: string, problems: Bilingual[]): DihyaError<'SECTOR_RULE_VIOLATED'> {
  return new DihyaError('SECTOR_RULE_VIOLATED', {
    sector: pack.name,
    check: check.name,
    name,
    problems: problems.map((p) => p.en).join('; '),
    problemsFr: problems.map((p) => p.fr).join(' ; '),
  });
}
