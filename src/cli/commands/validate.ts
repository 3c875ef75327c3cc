import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `validate`: loads every migration and compares them with history; exits non-zero on any problem. */
export async function validateCommand(globals: GlobalOptions): Promise<CommandResult> {
  const result = await withMigrator(globals, (m) => m.validate());
  return {
    json: result,
    text: [globals.m.validate.ok(result.files, result.applied, result.pending)],
  };
}
