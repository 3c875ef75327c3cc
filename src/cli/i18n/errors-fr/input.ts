import type { FrenchErrors } from './french-text.ts';
import type { inputErrors, UsageDetails, UsageProblem } from '../../../errors/codes/input.ts';

const USAGE_TEXT_FR: Record<UsageProblem, (d: UsageDetails) => string> = {
  'unknown-command': (d) => `commande inconnue « ${d.value} »`,
  'unknown-option': (d) => `option inconnue « ${d.option} »`,
  'missing-argument': (d) => `argument obligatoire manquant « ${d.value} »`,
  'option-needs-value': (d) => `l’option « ${d.option} » attend une valeur`,
  'too-many-arguments': (d) => `trop d’arguments${d.value ? ` pour « ${d.value} »` : ''}`,
  'invalid-choice': (d) => `l’option « ${d.option} » ne peut pas valoir « ${d.value} »${d.choices ? ` (valeurs permises : ${d.choices})` : ''}`,
  'conflicting-options': (d) => `les options « ${d.option} » et « ${d.value} » ne peuvent pas être utilisées ensemble`,
  'missing-option': (d) => `option obligatoire « ${d.option} » absente`,
  'invalid-slug': (d) => `« ${d.value} » n’est pas un nom de migration valide : utilisez des minuscules, des chiffres, _ et - (par ex. add_email)`,
  'whole-number': (d) => `${d.option} doit être un nombre entier >= ${d.min ?? 0}, reçu « ${d.value} »`,
  duration: (d) => `${d.option} doit être un nombre suivi de d, h, m ou s (par ex. 30d), reçu « ${d.value} »`,
  language: (d) => `--lang doit valoir en ou fr, reçu « ${d.value} »`,
  'abandon-restore-alone': () => 'resolve --abandon-restore ne prend ni version ni autre option',
  'resolve-needs-version': () => 'resolve attend une version (ou --abandon-restore)',
  'resolve-needs-outcome': () => 'resolve attend exactement une option parmi --applied, --rolled-back et --undo',
  'export-needs-out': () => 'subject export attend --out <fichier.json>',
};

/** Le message français d’une erreur USAGE (le motif tel quel quand l’appelant n’a donné que `reason`). */
function usageMessageFr(d: UsageDetails): string {
  const text = d.usage === undefined ? undefined : USAGE_TEXT_FR[d.usage];
  const message = text ? text(d) : `${d.reason ?? 'ligne de commande invalide'}`;
  return d.suggestion ? `${message} (vouliez-vous dire ${d.suggestion} ?)` : message;
}

/** Le texte français des erreurs de `input`, avec les mêmes `details` que le texte anglais. */
export const inputErrorsFr: FrenchErrors<typeof inputErrors> = {
  USAGE: { message: (d) => usageMessageFr(d), hint: () => 'Lancez `dihya-migrate --help` pour voir les commandes et leurs options.' },
  CONFIG_NOT_FOUND: {
    message: (d) => `Fichier de configuration introuvable : ${d.file}`,
    hint: () => 'Vérifiez le chemin de --config, ou lancez `dihya-migrate init` pour créer dihya.config.ts.',
  },
  CONFIG_LOAD_FAILED: {
    message: (d) => `Impossible de charger la configuration ${d.file} : ${d.reason}`,
    hint: () => 'Corrigez l’erreur dans le fichier ; il doit exporter par défaut un objet (defineConfig).',
  },
  CONFIG_INVALID: {
    message: (d) => `Configuration invalide (${d.source}) : ${d.reason}`,
    hint: () => 'Voir la section « Configuration » du README pour chaque clé et son type.',
  },
  CONFIG_EXISTS: {
    message: (d) => `${d.file} existe déjà ; init ne l’écrase pas`,
    hint: () => 'Modifiez la configuration existante, ou supprimez-la d’abord si vous voulez vraiment repartir de zéro.',
  },
  URL_MISSING: {
    message: () => 'Aucune URL de base de données',
    hint: () => 'Passez --url, définissez DIHYA_URL, ou `url` dans dihya.config.ts (sqlite:./app.db, postgres://user@host/db, mysql://user@host/db).',
  },
  URL_INVALID: {
    message: (d) => `URL de base invalide ${d.url} : ${d.reason}`,
    hint: () => 'Utilisez sqlite:./fichier.db, postgres://user:motdepasse@hote:5432/base ou mysql://user:motdepasse@hote:3306/base.',
  },
  URL_UNSUPPORTED: {
    message: (d) => `Schéma d’URL non pris en charge « ${d.scheme} » dans ${d.url}`,
    hint: () => 'Schémas pris en charge : sqlite:, postgres:// (ou postgresql://), mysql:// (ou mariadb://).',
  },
  CONNECTION_FAILED: {
    message: (d) => `Connexion impossible à ${d.url} : ${d.reason}`,
    hint: () => 'Le serveur tourne-t-il et est-il joignable ? Vérifiez hôte, port, utilisateur, mot de passe et nom de base.',
  },
  SQLITE_FILE_MISSING: {
    message: (d) => `La base SQLite ${d.url} n’existe pas`,
    hint: () =>
      'Vérifiez le chemin (--url, DIHYA_URL ou `url` dans dihya.config.ts ; un chemin relatif part du dossier du projet). Seul `dihya-migrate up` crée un fichier absent ; les commandes de lecture ne le font jamais.',
  },
  FILE_EXISTS: { message: (d) => `${d.file} existe déjà`, hint: () => 'Choisissez un autre nom.' },
  NODE_TOO_OLD: {
    message: (d) => `dihya-migrate demande Node.js >= 22.12, celui-ci est ${d.version}`,
    hint: () => 'Lancez-le avec `npx dihya-migrate` dans le projet (il apporte Node 24), ou mettez Node.js à jour.',
  },
};
