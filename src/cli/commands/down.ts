import { DihyaError } from '../../errors/dihya-error.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { runWithOutcome } from '../run-outcome.ts';

/** `down`: reverts the last applied migration, `--steps N` of them, or all after `--to <version>`. */
export async function downCommand(globals: GlobalOptions, options: { steps?: string; to?: string }, io: CliIo): Promise<CommandResult> {
  const steps = options.steps === undefined ? undefined : Number(options.steps);
  if (steps !== undefined && (!Number.isInteger(steps) || steps < 1)) {
    throw new DihyaError('USAGE', { usage: 'whole-number', option: '--steps <n>', min: 1, value: options.steps });
  }
  return runWithOutcome(globals, io, 'down', (m) => m.down({ ...(steps !== undefined ? { steps } : {}), ...(options.to ? { to: options.to } : {}) }));
}
