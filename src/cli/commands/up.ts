import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';

/** `up`: applies pending migrations in order, up to `--to` when given. */
export async function upCommand(globals: GlobalOptions, options: { to?: string }, io: CliIo): Promise<CommandResult> {
  const applied = await withMigrator(globals, (m) => m.up(options.to ? { to: options.to } : {}), progressPrinter(io, !globals.json));
  const text = applied.length === 0 ? ['nothing to apply: the database is up to date'] : [`applied ${applied.length} migration(s)`];
  return { json: { applied }, text };
}
