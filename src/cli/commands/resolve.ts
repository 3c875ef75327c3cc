import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `resolve <version> --applied|--rolled-back`: settles a migration a crash left half-done. */
export async function resolveCommand(globals: GlobalOptions, version: string, options: { applied?: boolean; rolledBack?: boolean }): Promise<CommandResult> {
  if (Boolean(options.applied) === Boolean(options.rolledBack)) {
    throw new DihyaError('USAGE', { reason: 'resolve needs exactly one of --applied or --rolled-back' });
  }
  const outcome = options.applied ? 'applied' : 'rolled-back';
  await withMigrator(globals, (m) => m.resolve(version, outcome));
  return { json: { version, outcome }, text: [globals.m.resolve.done(version, outcome)] };
}
