import type { FrenchErrors } from './french-text.ts';
import type { privacyErrors } from '../../../errors/codes/privacy.ts';

/** Le texte français des erreurs du catalogue et des commandes RGPD, avec les mêmes `details` que le texte anglais. */
export const privacyErrorsFr: FrenchErrors<typeof privacyErrors> = {
  PRIVACY_NOT_CONFIGURED: {
    message: (d) => `\`${d.command}\` a besoin de ${d.missing} dans la section privacy de la configuration`,
    hint: () => 'Lancez `dihya-migrate privacy scan` : il affiche un brouillon de catalogue à coller dans dihya.config.ts (privacy.columns, privacy.subjects).',
  },
  PRIVACY_KEY_MISSING: {
    message: (d) => `\`${d.command}\` a besoin de la clé de confidentialité, et DIHYA_PRIVACY_KEY n’est pas définie`,
    hint: () =>
      'Définissez DIHYA_PRIVACY_KEY dans l’environnement (16 caractères au moins, par exemple `openssl rand -hex 32`), depuis votre coffre à secrets. ' +
      'Gardez-la : la même clé donne les mêmes pseudonymes, et le registre des effacements se lit avec elle.',
  },
  PRIVACY_KEY_WEAK: {
    message: (d) => `DIHYA_PRIVACY_KEY fait ${d.length} caractères ; il en faut au moins ${d.minimum}`,
    hint: () => 'Prenez une clé aléatoire plus longue, par exemple `openssl rand -hex 32`.',
  },
  PRIVACY_KEY_MISMATCH: {
    message: (d) => `${d.entries} effacement(s) du registre ont été faits avec une autre DIHYA_PRIVACY_KEY`,
    hint: () => 'Remettez dans DIHYA_PRIVACY_KEY la clé des effacements, puis relancez la commande : les personnes effacées se retrouvent avec cette clé.',
  },
  PRIVACY_CATALOG_UNKNOWN: {
    message: (d) => `${d.entry} nomme ${d.kind === 'table' ? 'la table' : 'la colonne'} ${d.name}, qui n’existe pas dans la base`,
    hint: () => 'Corrigez la section privacy de la configuration (noms tels que la base les écrit), ou appliquez d’abord la migration qui la crée.',
  },
  PRIVACY_CATALOG_INVALID: {
    message: (d) => `${d.entry} : ${d.reason}`,
    hint: () => 'Choisissez une autre stratégie pour cette colonne dans privacy.columns (voir le README : Privacy).',
  },
  PRIVACY_UNDECLARED_COLUMNS: {
    message: (d) => `${d.count} colonne(s) contiennent des données personnelles mais ne sont pas au catalogue : ${d.columns}`,
    hint: () =>
      'Déclarez chacune dans privacy.columns (`dihya-migrate privacy scan` en affiche un brouillon), ou listez-la dans privacy.scan.ignore si elle n’est pas personnelle.',
  },
  PRIVACY_LITERAL: {
    message: (d) => `${d.file}, ligne ${d.line}, contient une donnée personnelle (${d.kinds})`,
    hint: (d) =>
      'Les données personnelles n’ont pas leur place dans les fichiers de migration (elles finissent dans git, les revues et les sauvegardes). Lisez-les dans les données, ' +
      `ou, pour des jeux d’essai qui doivent en contenir, nommez le fichier dans privacy.literals.allow avec la raison : { '${d.file}': 'jeu d’essai' }.`,
  },
  PRIVACY_PRODUCTION: {
    message: (d) => `${d.url} est marquée production (privacy.production: true) : l’anonymiser sur place est refusé`,
    hint: () => 'Anonymisez plutôt vers une copie : `dihya-migrate anonymize --into <url>` (ou sans --into, vers une base jetable).',
  },
  PRIVACY_NEEDS_CONFIRMATION: {
    message: (d) => `${d.action} modifie ${d.url} définitivement`,
    hint: () => 'Relancez avec --yes pour confirmer. Une sauvegarde est prise d’abord (et garde les valeurs d’origine : voir le README, Privacy).',
  },
  PRIVACY_ANONYMIZE_MODE: {
    message: (d) => `anonymize : ${d.reason}`,
    hint: () => 'Utilisez `anonymize --into <url>` (une nouvelle base), `anonymize` seul (une base jetable qu’il nomme), ou `anonymize --in-place --yes`.',
  },
  PRIVACY_INTO_INVALID: {
    message: (d) => `Impossible d’anonymiser vers ${d.url} : ${d.reason}`,
    hint: () => 'Donnez une base vide du même type que la source (ou aucune : une base jetable est créée et nommée).',
  },
  PRIVACY_NO_PRIMARY_KEY: {
    message: (d) => `La table ${d.table} a des colonnes au catalogue mais pas de clé primaire`,
    hint: () => 'anonymize et subject erase travaillent ligne par ligne par la clé primaire ; ajoutez-en une à la table.',
  },
  PRIVACY_UNKNOWN_SUBJECT: {
    message: (d) => `Aucune personne concernée « ${d.subject} » dans privacy.subjects`,
    hint: (d) => (d.known ? `Personnes connues : ${d.known}.` : 'Déclarez-en une : privacy.subjects: { customer: { table: "customers", key: "id" } }.'),
  },
  PRIVACY_SUBJECT_NOT_FOUND: {
    message: (d) => `Aucun ${d.subject} avec cet identifiant dans ${d.table}`,
    hint: () => 'Vérifiez l’identifiant (la valeur de la colonne clé de la table). Il n’est jamais affiché ni journalisé.',
  },
  PRIVACY_ERASURE_BLOCKED: {
    message: (d) =>
      `L’effacement supprimerait des lignes de ${d.references} vers lesquelles ${d.table}.${d.column} pointe encore, et ${d.column} ne peut pas être nulle`,
    hint: (d) =>
      `Faites aussi supprimer ${d.table} par l’effacement, ou anonymisez ${d.references} au lieu de la supprimer (privacy.erasure), ou autorisez ${d.table}.${d.column} à être nulle.`,
  },
  PRIVACY_ERASURE_INCOMPLETE: {
    message: (d) => `Après l’effacement, ${d.table}.${d.column} contenait encore une valeur cataloguée de la personne ; rien n’a été modifié (annulé)`,
    hint: () => 'Donnez à cette colonne une stratégie qui remplace la valeur (fake, hash, null ou constant), ou effacez sa table par `delete`.',
  },
  PRIVACY_ANONYMIZE_INCOMPLETE: {
    message: (d) => `Après l’anonymisation, ${d.count} valeur(s) d’origine restaient dans ${d.column}`,
    hint: () => 'Le résultat n’a pas été gardé (annulé, ou la copie supprimée). Donnez à cette colonne une stratégie qui remplace chaque valeur.',
  },
  PRIVACY_UNIQUE_EXHAUSTED: {
    message: (d) => `Aucune valeur fictive pour ${d.column} qu’aucune autre ligne n’ait déjà`,
    hint: () => 'La colonne est unique et ses valeurs laissent trop peu de place aux valeurs fictives ; utilisez `hash` pour elle.',
  },
  PRIVACY_OUT_FILE: {
    message: (d) => `Impossible d’écrire ${d.file} : ${d.reason}`,
    hint: () => 'Donnez à --out un nouveau fichier dans un dossier où vous pouvez écrire (il est écrit en 0600 : il contient des données personnelles).',
  },
};
