import type { ForeignTool } from '../../adopt/foreign-history.ts';
import { FOREIGN_HISTORIES } from '../../adopt/foreign-tools.ts';
import type { RepairRequest } from '../../adopt/repair.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `baseline <version>`: records the migrations up to it as applied, without running them. */
export async function baselineCommand(globals: GlobalOptions, version: string): Promise<CommandResult> {
  const result = await withMigrator(globals, (m) => m.baseline(version));
  const text = [globals.m.adopt.baselined(result.version, result.recorded.length), ...(result.backup ? [globals.m.adopt.backup(result.backup)] : [])];
  return { json: { ...result }, text };
}

/** `import-history [--from <tool>] [--table <name>] [--trust-files]`: records another tool's history. */
export async function importHistoryCommand(globals: GlobalOptions, options: { from?: string; table?: string; trustFiles?: boolean }): Promise<CommandResult> {
  const tools = Object.keys(FOREIGN_HISTORIES);
  if (options.from !== undefined && !tools.includes(options.from)) {
    throw new DihyaError('USAGE', { reason: `--from ${options.from}: known tools are ${tools.join(', ')}` });
  }
  const result = await withMigrator(globals, (m) =>
    m.importHistory({
      ...(options.from ? { tool: options.from as ForeignTool } : {}),
      ...(options.table ? { table: options.table } : {}),
      ...(options.trustFiles ? { trustFiles: true } : {}),
    }),
  );
  const text = [
    globals.m.adopt.imported(result.tool, result.table, result.applied.length, result.failed.length, result.skipped.length),
    ...(result.backup ? [globals.m.adopt.backup(result.backup)] : []),
  ];
  return { json: { ...result }, text };
}

/** `repair [version] --accept-change|--renamed|--clear-failed --reason "…"`: fixes the history, audited. */
export async function repairCommand(
  globals: GlobalOptions,
  version: string | undefined,
  options: { acceptChange?: boolean; renamed?: boolean; clearFailed?: boolean; reason?: string },
): Promise<CommandResult> {
  const actions = [options.acceptChange && 'accept-change', options.renamed && 'renamed', options.clearFailed && 'clear-failed'].filter(Boolean);
  if (actions.length !== 1) throw new DihyaError('REPAIR_USAGE', { reason: 'give exactly one of --accept-change, --renamed or --clear-failed' });
  if (!options.reason?.trim()) throw new DihyaError('REPAIR_USAGE', { reason: '--reason is required (it goes into the audit log)' });
  const action = actions[0] as RepairRequest['action'];
  if (action !== 'renamed' && version === undefined) throw new DihyaError('REPAIR_USAGE', { reason: `--${action} needs a version` });
  const done = await withMigrator(globals, (m) => m.repair({ action, reason: options.reason!, ...(version !== undefined ? { version } : {}) }));
  return { json: { repaired: done }, text: done.map((d) => globals.m.adopt.repaired(d.action, d.version, d.name)) };
}
