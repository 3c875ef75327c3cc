import type { sqlFilesEn } from './sql-files-en.ts';

/**
 * Les textes de `plan --statements` et des fichiers SQL, en français.
 *
 * @example
 * sqlFilesFr.sqlFiles.at('migrations/x.sql:3') // '-- à migrations/x.sql:3'
 */
export const sqlFilesFr: typeof sqlFilesEn = {
  sqlFiles: {
    statementsOption: 'montrer aussi où commence chaque instruction (fichier:ligne)',
    at: (where: string) => `-- à ${where}`,
  },
};
