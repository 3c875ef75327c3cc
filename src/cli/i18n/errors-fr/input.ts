import type { FrenchErrors } from './french-text.ts';
import type { inputErrors } from '../../../errors/codes/input.ts';

/** Le texte français des erreurs de `input`, avec les mêmes `details` que le texte anglais. */
export const inputErrorsFr: FrenchErrors<typeof inputErrors> = {
  USAGE: { message: (d) => `${d.reason}`, hint: () => 'Lancez `dihya-migrate --help` pour voir les commandes et leurs options.' },
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
  FILE_EXISTS: { message: (d) => `${d.file} existe déjà`, hint: () => 'Choisissez un autre nom.' },
  NODE_TOO_OLD: {
    message: (d) => `dihya-migrate demande Node.js >= 22.12, celui-ci est ${d.version}`,
    hint: () => 'Lancez-le avec `npx dihya-migrate` dans le projet (il apporte Node 24), ou mettez Node.js à jour.',
  },
};
