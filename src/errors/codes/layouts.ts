import { input } from '../error-text.ts';

/** Errors about other tools' migration layouts. */
export const layoutsErrors = {
  LAYOUT_FILE_INVALID: input<{ layout: string; file: string; expected: string }>(
    (d) => `${d.file} does not follow the ${d.layout} layout`,
    (d) => `Name it ${d.expected}, move it out of the migrations folder, or set \`layout\` in the config if the folder uses another layout.`,
  ),
  SQITCH_PLAN_INVALID: input<{ file: string; line: number; reason: string }>(
    (d) => `Cannot read the Sqitch plan ${d.file}, line ${d.line}: ${d.reason}`,
    () => 'Fix the plan line (`name [dependencies] date planner <email> # note`); `sqitch plan` shows how Sqitch reads it.',
  ),
  SQITCH_SCRIPT_MISSING: input<{ change: string; file: string }>(
    (d) => `Sqitch change ${d.change} has no deploy script ${d.file}`,
    () => 'Add the script, or remove the change from sqitch.plan.',
  ),
};
