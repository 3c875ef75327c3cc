import type { layoutsEn } from './layouts-en.ts';

/** Textes de l’adoption (baseline, import-history, repair), en français (mêmes clés que `layouts-en.ts`). */
export const layoutsFr: typeof layoutsEn = {
  adopt: {
    help: {
      baseline: 'enregistrer comme appliquée chaque migration jusqu’à <version>, sans l’exécuter (une base qui les a déjà) ; sauvegarde d’abord, journalisé',
      importHistory: 'enregistrer les migrations que la table d’historique d’un autre outil dit appliquées (flyway, golang-migrate, prisma, knex, sqitch)',
      from: 'l’outil : flyway, golang-migrate, prisma, knex ou sqitch (par défaut : celui dont la table est là)',
      table: 'la table d’historique de l’outil (Sqitch : son schéma/sa base de registre), si ce n’est pas celle par défaut',
      trustFiles: 'accepter les fichiers dont l’empreinte diffère de celle de l’outil (modifications relues)',
      repair:
        'corriger l’historique sans le modifier à la main : accepter une modification relue, réaligner des fichiers renommés, effacer une ligne en échec (journalisé avec --reason)',
      acceptChange: 'enregistrer la nouvelle empreinte d’un fichier appliqué modifié volontairement',
      renamed: 'réaligner les lignes des fichiers renommés depuis leur application',
      clearFailed: 'retirer une ligne failed/running une fois la base vérifiée',
      repairReason: 'pourquoi (obligatoire ; gardé dans le journal d’audit)',
    },
    baselined: (version, count) => `baseline ${version} : ${count} migration(s) enregistrée(s) comme appliquée(s)`,
    backup: (id) => `sauvegarde prise d’abord : ${id}`,
    imported: (tool, table, applied, failed, skipped) =>
      `import-history depuis ${tool} (${table}) : ${applied} appliquée(s), ${failed} en échec, ${skipped} déjà connue(s)`,
    repaired: (action, version, name) => `réparé (${action}) : ${version} ${name}`,
  },
};
