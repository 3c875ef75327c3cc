/**
 * Texts of adoption (baseline, import-history, repair), in English; `layouts-fr.ts` has the same keys in French.
 *
 * @example
 * layoutsEn.adopt.baselined('1.4', 3) // 'baseline 1.4: 3 migration(s) recorded as applied'
 */
export const layoutsEn = {
  adopt: {
    help: {
      baseline: 'record every migration up to <version> as applied, without running it (a database that already has them); backup first, audited',
      importHistory: "record the migrations another tool's history table says are applied (flyway, golang-migrate, prisma, knex, sqitch)",
      from: 'the tool: flyway, golang-migrate, prisma, knex or sqitch (default: the one whose table is there)',
      table: "the tool's history table (Sqitch: its registry schema/database), when not its default",
      trustFiles: "accept files whose checksum differs from the tool's (reviewed changes)",
      repair: 'fix the history without hand edits: accept a reviewed change, realign renamed files, clear a failed row (audited with --reason)',
      acceptChange: 'record the new checksum of an applied file changed on purpose',
      renamed: 'realign the rows of files renamed since they were applied',
      clearFailed: 'remove a failed/running row once the database was checked',
      repairReason: 'why (required; kept in the audit log)',
    },
    baselined: (version: string, count: number) => `baseline ${version}: ${count} migration(s) recorded as applied`,
    backup: (id: string) => `backup taken first: ${id}`,
    imported: (tool: string, table: string, applied: number, failed: number, skipped: number) =>
      `import-history from ${tool} (${table}): ${applied} applied, ${failed} failed, ${skipped} already known`,
    repaired: (action: string, version: string, name: string) => `repaired (${action}): ${version} ${name}`,
  },
};
