import type { GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { runWithOutcome } from '../run-outcome.ts';

/** `up`: backs up, then applies pending migrations in order, up to `--to` when given. */
export async function upCommand(globals: GlobalOptions, options: { to?: string; atomic?: boolean }, io: CliIo): Promise<CommandResult> {
  const run = { ...(options.to ? { to: options.to } : {}), ...(options.atomic ? { atomic: true } : {}) };
  return runWithOutcome(globals, io, 'up', (m) => m.up(run), options.to ? { to: options.to } : {});
}
