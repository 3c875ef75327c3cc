import type { FrenchErrors } from './french-text.ts';
import type { hooksErrors } from '../../../errors/codes/hooks.ts';

/** Le texte français des erreurs des hooks et des packs sectoriels, avec les mêmes `details` que le texte anglais. */
export const hooksErrorsFr: FrenchErrors<typeof hooksErrors> = {
  HOOK_INVALID: {
    message: (d) => `Hook ${d.hook} invalide dans ${d.source} : ${d.reason}`,
    hint: (d) =>
      `Chaque hook est une fonction ou un tableau de fonctions, nommé parmi : ${d.known}. Par ex. hooks: { afterMigrate: async (ctx, sector) => { … } }.`,
  },
  SECTOR_NOT_FOUND: {
    message: (d) => `Impossible de charger le pack sectoriel ${d.sector} : ${d.reason}`,
    hint: (d) =>
      `Nommez un pack intégré (${d.known}) ou donnez le chemin d’un module, relatif au fichier de configuration, dont l’export par défaut est un pack (par ex. './sectors/banking.ts').`,
  },
  SECTOR_INVALID: {
    message: (d) => `Le pack sectoriel ${d.sector} est mal formé : ${d.reason}`,
    hint: () =>
      "Un pack est un objet simple : { name, description: { en, fr }, hooks?, checks?: [{ name, description, verify }], catalog?, lint?: [{ id: '<pack>/<nom>', severity, explanation: { en, fr }, hint: { en, fr }, check }], templates? } (voir la section « Sector packs » du README).",
  },
  SECTOR_RULE_VIOLATED: {
    message: (d) => `La migration ${d.name} enfreint la règle ${d.check} du secteur ${d.sector} : ${d.problemsFr}`,
    hint: (d) =>
      `Corrigez le fichier de migration (rien n’a été exécuté). Les règles du pack ${d.sector} sont décrites dans la section « Sector packs » du README.`,
  },
  SECTOR_UNKNOWN_FOR_TEMPLATE: {
    message: (d) => `Aucun modèle pour le secteur ${d.sector}`,
    hint: (d) => `Utilisez l’un de : ${d.known}, ou ajoutez le pack à \`sectors\` dans dihya.config.ts.`,
  },
  REHEARSAL_ANONYMIZE_REQUIRED: {
    message: (d) => `rehearse refusé : le pack ${d.sector} n’autorise qu’une copie anonymisée pour ${d.name} : ${d.reasonFr}`,
    hint: () =>
      'Lancez `dihya-migrate rehearse --anonymize` (la copie est anonymisée avant qu’aucune migration ne s’y exécute ; il faut DIHYA_PRIVACY_KEY et un catalogue couvrant les colonnes personnelles). Rien n’a été copié.',
  },
};
