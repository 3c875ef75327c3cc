import type { hooksEn, hooksHelpEn } from './hooks-en.ts';

/** Aide des options de hooks et de secteurs, en français. */
export const hooksHelpFr: typeof hooksHelpEn = {
  newSector: 'écrire la migration depuis le modèle de ce pack sectoriel (sante, education, ecommerce, ou un pack de `sectors`)',
  demoSector: 'lancer plutôt un exemple sectoriel (sante, education, ecommerce) : les contrôles de son pack et ses entrées d’audit',
  docs: 'écrire MIGRATIONS.md depuis les migrations et l’historique : description, secteur, auteur, finalité, contrôles, down, appliquée où et quand, changements de schéma, données personnelles touchées',
  docsOut: 'le fichier à écrire (par défaut MIGRATIONS.md)',
};

/** Textes des hooks et des packs sectoriels, en français. */
export const hooksFr: typeof hooksEn = {
  sectors: {
    language: 'fr',
    demoIntro: (sector, db) => `démo dihya-migrate --sector ${sector} : base SQLite ${db}, migrations copiées depuis examples/${sector}\n`,
    demoPack: (description) => `pack : ${description}`,
    demoUp: '\n== up (chaque migration contrôlée par le pack dans sa transaction)',
    demoAudit: '\n== ce que le pack a écrit dans l’audit',
    demoEntry: (event, hook, migration, text) => `${event}  ${migration}  ${hook} : ${text}`,
    demoAccess: (tables, rows, outcome) => `tables ${tables}, ${rows} ligne(s) modifiée(s), ${outcome}`,
    demoRefused: '\n== une migration erronée, arrêtée par le pack',
    demoStopped: (code, message) => `arrêtée (${code}) : ${message}`,
    demoFinished: (applied) => `\ndémo terminée : ${applied} appliquée(s) ; la migration erronée n’a rien changé.`,
    applies: (names) => `-- s’appliquent : ${names}`,
    appliesNone: '-- s’appliquent : aucun hook ni pack',
  },
  docs: {
    written: (file, migrations) => `${file} écrit (${migrations} migration(s))`,
  },
};
