/**
 * Texts of `plan --statements` and SQL files, in English; `sql-files-fr.ts` has the same keys in French.
 *
 * @example
 * sqlFilesEn.sqlFiles.at('migrations/x.sql:3') // '-- at migrations/x.sql:3'
 */
export const sqlFilesEn = {
  sqlFiles: {
    statementsOption: 'also show where each statement starts (file:line)',
    at: (where: string) => `-- at ${where}`,
  },
};
