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
  IMPORT_NO_HISTORY: input<{ tried: string }>(
    (d) => `No other tool's history found in this database (looked for ${d.tried})`,
    () => 'Name the tool with `import-history --from <tool>` (and `--table` when it is not the default), or record what is applied with `baseline <version>`.',
  ),
  IMPORT_TOOL_AMBIGUOUS: input<{ found: string }>(
    (d) => `Several tools' histories are in this database: ${d.found}`,
    () => 'Say which one to import with `import-history --from <tool>`.',
  ),
  IMPORT_TABLE_UNREADABLE: input<{ tool: string; table: string; reason: string }>(
    (d) => `Cannot read ${d.tool}'s history ${d.table}: ${d.reason}`,
    () => 'Check the table name (`--table`) and that this user may read it.',
  ),
  IMPORT_FILE_MISSING: input<{ tool: string; migration: string }>(
    (d) => `${d.tool}'s history records ${d.migration}, which no migration file matches`,
    () =>
      'Put the file the tool applied back in the migrations folder (or check `layout` in the config); import-history records nothing until every recorded migration has its file.',
  ),
  IMPORT_CHECKSUM_MISMATCH: input<{ tool: string; name: string; recorded: string; current: string }>(
    (d) => `${d.name} was edited after ${d.tool} applied it (checksum ${d.recorded} recorded, ${d.current} on disk)`,
    () => 'Restore the file as it was applied; or, once the change is reviewed, pass `--trust-files` to record the files as they are now.',
  ),
  NOTHING_TO_REPAIR: input<{ version: string; action: string; reason: string }>(
    (d) => `Nothing to repair (${d.action}) for ${d.version}: ${d.reason}`,
    () => "Run `dihya-migrate status` to see each migration's state.",
  ),
  REPAIR_USAGE: input<{ reason: string }>(
    (d) => `repair: ${d.reason}`,
    () => 'Use `repair <version> --accept-change --reason "…"`, `repair --renamed --reason "…"` or `repair <version> --clear-failed --reason "…"`.',
  ),
  SCRIPT_NEEDS_NO_TRANSACTION: input<{ name: string; file: string; line: number; statement: string }>(
    (d) => `${d.file}:${d.line}: ${d.statement} cannot run inside a transaction, and the script of ${d.name} runs in one`,
    (d) =>
      `Put \`-- dihya:transaction false\` in the leading comments of ${d.file} (Flyway: \`executeInTransaction=false\` in ${d.file}.conf): its statements then run one by one outside a transaction (with a backup to restore if one fails half-way).`,
  ),
  SCRIPT_TRANSACTION_CONTROL: input<{ name: string; file: string; line: number; statement: string }>(
    (d) => `${d.file}:${d.line}: ${d.statement} would end or change the transaction the script of ${d.name} runs in`,
    (d) =>
      `Remove it (a \`BEGIN; … COMMIT;\` around the whole script is accepted): dihya-migrate commits or rolls back each migration itself. A script that must manage its own transactions takes \`-- dihya:transaction false\` in the leading comments of ${d.file}.`,
  ),
  LAYOUT_NEW_UNSUPPORTED: input<{ layout: string; reason: string }>(
    (d) => `Cannot write a new migration in the ${d.layout} layout: ${d.reason}`,
    () => 'Choose another slug, or write the files by hand as the tool lays them out (`layout` in the config says which layout the folder uses).',
  ),
};
