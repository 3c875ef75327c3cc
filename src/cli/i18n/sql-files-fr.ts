import type { sqlFilesEn } from './sql-files-en.ts';

/** Les textes de `plan --statements` et des fichiers SQL, en français. */
export const sqlFilesFr: typeof sqlFilesEn = {
  sqlFiles: {
    statementsOption: 'montrer aussi où commence chaque instruction (fichier:ligne)',
    at: (where: string) => `-- à ${where}`,
  },
};
