import type { privacyEn } from './privacy-en.ts';

/** Les textes des commandes de confidentialité (privacy scan, anonymize, subject export/erase), en français. */
export const privacyFr: typeof privacyEn = {
  privacy: {
    help: {
      privacy: 'données personnelles : les trouver (scan)',
      scan: 'trouver les colonnes personnelles par leur nom et en échantillonnant les valeurs ; afficher un brouillon de catalogue avec les indices (jamais les valeurs)',
      check: 'code de sortie 1 si une colonne personnelle n’est pas déclarée dans privacy.columns (un garde-fou de CI)',
      anonymize: 'écrire une copie anonymisée de la base (--into <url>, ou une base jetable), ou l’anonymiser sur place',
      into: 'une base vide où écrire la copie anonymisée',
      inPlace: 'anonymiser la base elle-même (refusé si privacy.production vaut true)',
      yesAnonymize: 'confirmer --in-place : chaque valeur cataloguée est remplacée définitivement (une sauvegarde est prise d’abord)',
      subject: 'les droits d’une personne concernée : export (art. 15, 20), effacement (art. 17)',
      subjectExport: 'écrire toutes les lignes d’une personne, avec les informations de l’art. 15, dans un fichier JSON (0600)',
      out: 'le fichier à écrire (il ne doit pas exister)',
      subjectErase: 'effacer une personne en une transaction après une sauvegarde ; inscrit au registre des effacements, réappliqué après toute restauration',
      yesErase: 'confirmer : les lignes de la personne sont supprimées ou anonymisées définitivement',
    },
    nameEvidence: (word) => `nom « ${word} »`,
    valuesEvidence: (matching, sampled, kind) => `${matching}/${sampled} valeurs échantillonnées sont de type ${kind}`,
    insideEvidence: (matching, sampled, kinds) => `${matching}/${sampled} valeurs échantillonnées contiennent ${kinds}`,
    declared: 'déclarée',
    ignored: 'ignorée',
    undeclared: 'NON DÉCLARÉE',
    scanHeaders: ['colonne', 'type', 'catalogue', 'indices'],
    noneFound: 'aucune colonne personnelle trouvée (ni par le nom ni par les valeurs échantillonnées)',
    allDeclared: (n) => `ok : les ${n} colonne(s) personnelle(s) trouvées sont toutes déclarées dans privacy.columns (ou ignorées)`,
    draftIntro: 'brouillon de catalogue (à coller dans dihya.config.ts ; vérifiez chaque stratégie) :',
    draftNone: 'chaque colonne trouvée est déjà déclarée : pas de brouillon',
    anonymized: (rows, tables, database, ms) => `${rows} ligne(s) anonymisée(s) dans ${tables} table(s) de ${database} en ${ms} ms`,
    anonymizedTable: (table, rows, columns) => `  ${table} : ${rows} ligne(s), ${columns}`,
    scratchCreated: (database) => `la copie anonymisée est la base jetable ${database} (supprimez-la après usage)`,
    anonymizedBackup: (id) => `la sauvegarde ${id} a été prise d’abord (elle garde les valeurs d’origine)`,
    progress: (phase, done, total) => `  ${phase} : ${done}/${total} lignes`,
    copying: 'copie de la base (sauvegarde, puis restauration dans la copie)',
    exported: (rows, tables, file) => `${rows} ligne(s) de ${tables} table(s) exportée(s) dans ${file} (0600 ; il contient des données personnelles)`,
    erased: (deleted, anonymized, tables) => `effacé : ${deleted} ligne(s) supprimée(s), ${anonymized} ligne(s) anonymisée(s), dans ${tables} table(s)`,
    erasedBackup: (id) => `la sauvegarde ${id} a été prise d’abord ; la restaurer (ou une plus ancienne) réapplique cet effacement`,
    erasureProved:
      'prouvé : aucune valeur cataloguée de la personne ne reste ; inscrit au registre des effacements et à l’audit (identifiant en empreinte à clé)',
    backupPredates: (n) => `cette sauvegarde est antérieure à ${n} effacement(s) : la restaurer les réapplique (DIHYA_PRIVACY_KEY nécessaire)`,
    statusErasures: (recorded, predates) =>
      `registre des effacements : ${recorded} personne(s) effacée(s) ; la dernière sauvegarde est antérieure à ${predates} d’entre eux (la restaurer les réapplique)`,
    catalogEvidence: (source) => `dans le catalogue de ${source}`,
  },
};
