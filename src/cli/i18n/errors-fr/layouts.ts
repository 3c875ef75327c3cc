import type { FrenchErrors } from './french-text.ts';
import type { layoutsErrors } from '../../../errors/codes/layouts.ts';

/** Le texte français des erreurs de `layouts`, avec les mêmes `details` que le texte anglais. */
export const layoutsErrorsFr: FrenchErrors<typeof layoutsErrors> = {
  LAYOUT_FILE_INVALID: {
    message: (d) => `${d.file} ne suit pas la disposition ${d.layout}`,
    hint: (d) =>
      `Nommez-le ${d.expected}, sortez-le du dossier des migrations, ou réglez \`layout\` dans la configuration si le dossier suit une autre disposition.`,
  },
  SQITCH_PLAN_INVALID: {
    message: (d) => `Impossible de lire le plan Sqitch ${d.file}, ligne ${d.line} : ${d.reason}`,
    hint: () => 'Corrigez la ligne du plan (`nom [dépendances] date auteur <e-mail> # note`) ; `sqitch plan` montre comment Sqitch la lit.',
  },
  SQITCH_SCRIPT_MISSING: {
    message: (d) => `Le changement Sqitch ${d.change} n’a pas de script de déploiement ${d.file}`,
    hint: () => 'Ajoutez le script, ou retirez le changement de sqitch.plan.',
  },
  IMPORT_NO_HISTORY: {
    message: (d) => `Aucun historique d’un autre outil dans cette base (cherché : ${d.tried})`,
    hint: () =>
      'Nommez l’outil avec `import-history --from <outil>` (et `--table` s’il n’utilise pas sa table par défaut), ou enregistrez ce qui est appliqué avec `baseline <version>`.',
  },
  IMPORT_TOOL_AMBIGUOUS: {
    message: (d) => `Plusieurs historiques d’outils sont dans cette base : ${d.found}`,
    hint: () => 'Dites lequel importer avec `import-history --from <outil>`.',
  },
  IMPORT_TABLE_UNREADABLE: {
    message: (d) => `Impossible de lire l’historique ${d.table} de ${d.tool} : ${d.reason}`,
    hint: () => 'Vérifiez le nom de la table (`--table`) et que cet utilisateur peut la lire.',
  },
  IMPORT_FILE_MISSING: {
    message: (d) => `L’historique de ${d.tool} mentionne ${d.migration}, qu’aucun fichier de migration ne porte`,
    hint: () =>
      'Remettez dans le dossier des migrations le fichier que l’outil a appliqué (ou vérifiez `layout` dans la configuration) ; import-history n’enregistre rien tant que chaque migration mentionnée n’a pas son fichier.',
  },
  IMPORT_CHECKSUM_MISMATCH: {
    message: (d) => `${d.name} a été modifié après son application par ${d.tool} (empreinte ${d.recorded} enregistrée, ${d.current} sur disque)`,
    hint: () =>
      'Remettez le fichier tel qu’il a été appliqué ; ou, une fois la modification relue, passez `--trust-files` pour enregistrer les fichiers tels qu’ils sont.',
  },
  NOTHING_TO_REPAIR: {
    message: (d) => `Rien à réparer (${d.action}) pour ${d.version} : ${d.reason}`,
    hint: () => 'Lancez `dihya-migrate status` pour voir l’état de chaque migration.',
  },
  REPAIR_USAGE: {
    message: (d) => `repair : ${d.reason}`,
    hint: () => 'Utilisez `repair <version> --accept-change --reason "…"`, `repair --renamed --reason "…"` ou `repair <version> --clear-failed --reason "…"`.',
  },
  SCRIPT_NEEDS_NO_TRANSACTION: {
    message: (d) => `${d.file}:${d.line} : ${d.statement} ne peut pas s’exécuter dans une transaction, et le script de ${d.name} s’exécute dans une`,
    hint: (d) =>
      `Mettez \`-- dihya:transaction false\` dans les commentaires de tête de ${d.file} (Flyway : \`executeInTransaction=false\` dans ${d.file}.conf) : ses instructions s’exécutent alors une à une hors transaction (avec une sauvegarde à restaurer si l’une échoue en cours de route).`,
  },
  SCRIPT_TRANSACTION_CONTROL: {
    message: (d) => `${d.file}:${d.line} : ${d.statement} terminerait ou modifierait la transaction dans laquelle s’exécute le script de ${d.name}`,
    hint: (d) =>
      `Retirez-la (un \`BEGIN; … COMMIT;\` autour du script entier est accepté) : dihya-migrate valide ou annule lui-même chaque migration. Un script qui doit gérer ses propres transactions prend \`-- dihya:transaction false\` dans les commentaires de tête de ${d.file}.`,
  },
  LAYOUT_NEW_UNSUPPORTED: {
    message: (d) => `Impossible d’écrire une nouvelle migration dans la disposition ${d.layout} : ${d.reason}`,
    hint: () =>
      'Choisissez un autre nom, ou écrivez les fichiers à la main comme l’outil les dispose (`layout` dans la configuration dit quelle disposition suit le dossier).',
  },
};
