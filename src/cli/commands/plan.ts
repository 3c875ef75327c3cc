import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressDisplay } from '../progress.ts';
import { renderFindings } from './lint.ts';

/**
 * `plan`: a dry run: each pending migration and the SQL it would send (with `--statements`, where each
 * starts). Changes nothing. On a terminal, the schema preview shows `n / N migrations` as it goes.
 */
export async function planCommand(globals: GlobalOptions, options: { to?: string; statements?: boolean }, io?: CliIo): Promise<CommandResult> {
  const m = globals.m.plan;
  const { pending: results, lint } = await withMigrator(
    globals,
    (migrator) => migrator.planAndLint(options.to ? { to: options.to } : {}),
    io && progressDisplay(io, globals.m, !globals.json),
  );
  const text: string[] = [];
  if (results.length === 0) text.push(m.upToDate);
  const failingAt = results.findIndex((r) => r.failedOnScratch !== undefined);
  const failing = failingAt === -1 ? undefined : results[failingAt]!;
  results.forEach((r, index) => {
    text.push(`-- ${r.name}: ${r.description}${r.transactional ? '' : m.outsideTransaction}`);
    r.statements.forEach((statement, i) => {
      const where = r.locations[i];
      if (options.statements && where) text.push(globals.m.sqlFiles.at(where.line === undefined ? where.file : `${where.file}:${where.line}`));
      text.push(`${statement};`);
    });
    if (r.incomplete) text.push(m.stopped(r.incomplete));
    if (r.schemaChanges) text.push(m.schemaChanges(r.schemaChanges.length === 0 ? m.noSchemaChange : r.schemaChanges.join('; ')));
    if (r.schemaPreviewError) text.push(m.noSchemaPreview(r.schemaPreviewError));
    if (r.failedOnScratch) text.push(m.failsOnScratch(r.failedOnScratch));
    if (failing && index > failingAt) text.push(m.notTried(failing.name));
    if (r.hooks) text.push(r.hooks.length > 0 ? globals.m.sectors.applies(r.hooks.join(', ')) : globals.m.sectors.appliesNone);
    text.push('');
  });
  if (results.length > 0 && !failing) text.push(m.summary(results.length));
  if (results.length > 0) text.push(...renderFindings(lint, globals.m));
  if (!failing) return { json: { pending: results, lint }, text };
  const failure = new DihyaError('PLAN_MIGRATION_FAILS', { name: failing.name, reason: failing.failedOnScratch!, notTried: results.length - failingAt - 1 });
  return { json: { pending: results, lint }, text, failure };
}
