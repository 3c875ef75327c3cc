import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/**
 * `resolve <version> --applied|--rolled-back`: settles a migration a crash left half-done.
 * `resolve <version> --undo`: undoes it from the backups its step took before each irreversible change.
 * `resolve --abandon-restore`: forgets a restore that was cut short, keeping the database as it is.
 */
export async function resolveCommand(
  globals: GlobalOptions,
  version: string | undefined,
  options: { applied?: boolean; rolledBack?: boolean; undo?: boolean; abandonRestore?: boolean },
): Promise<CommandResult> {
  if (options.abandonRestore) {
    if (version !== undefined || options.applied || options.rolledBack) {
      throw new DihyaError('USAGE', { usage: 'abandon-restore-alone' });
    }
    const { backup } = await withMigrator(globals, (m) => m.abandonRestore());
    return { json: { abandonedRestore: backup }, text: [globals.m.resolve.abandoned(backup)] };
  }
  if (version === undefined) throw new DihyaError('USAGE', { usage: 'resolve-needs-version' });
  if ([options.applied, options.rolledBack, options.undo].filter(Boolean).length !== 1) {
    throw new DihyaError('USAGE', { usage: 'resolve-needs-outcome' });
  }
  if (options.undo) {
    const { tables } = await withMigrator(globals, (m) => m.undoInterrupted(version));
    return { json: { version, outcome: 'undone', tables }, text: [globals.m.resolve.undone(version, tables)] };
  }
  const outcome = options.applied ? 'applied' : 'rolled-back';
  await withMigrator(globals, (m) => m.resolve(version, outcome));
  return { json: { version, outcome }, text: [globals.m.resolve.done(version, outcome)] };
}
