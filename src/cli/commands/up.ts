import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';

/** `up`: backs up, then applies pending migrations in order, up to `--to` when given. */
export async function upCommand(globals: GlobalOptions, options: { to?: string; atomic?: boolean }, io: CliIo): Promise<CommandResult> {
  const run = { ...(options.to ? { to: options.to } : {}), ...(options.atomic ? { atomic: true } : {}) };
  const applied = await withMigrator(globals, (m) => m.up(run), progressPrinter(io, globals.m, !globals.json));
  return { json: { applied }, text: [applied.length === 0 ? globals.m.up.upToDate : globals.m.up.applied(applied.length)] };
}
