import type { FrenchErrors } from './french-text.ts';
import type { migrationFilesErrors } from '../../../errors/codes/migration-files.ts';

/** Le texte français des erreurs de `migration-files`, avec les mêmes `details` que le texte anglais. */
export const migrationFilesErrorsFr: FrenchErrors<typeof migrationFilesErrors> = {
  MIGRATIONS_DIR_MISSING: {
    message: (d) => `Dossier des migrations introuvable : ${d.dir}`,
    hint: () => 'Créez-le avec `dihya-migrate init`, ou réglez `migrationsDir` dans la configuration.',
  },
  MIGRATION_NAME_INVALID: {
    message: (d) => `Nom de fichier de migration mal formé : ${d.file}`,
    hint: () => 'Nommez les migrations AAAAMMJJHHMMSS_slug.ts ou .sql (slug : a-z, 0-9, _ ou -), par ex. `dihya-migrate new ajout_email`.',
  },
  MIGRATION_DUPLICATE: {
    message: (d) => `Deux migrations partagent la version ${d.version} : ${d.first} et ${d.second}`,
    hint: () => 'Chaque migration a besoin de son propre horodatage ; renommez l’une d’elles (`dihya-migrate new` en choisit un libre).',
  },
  MIGRATION_MALFORMED: {
    message: (d) => `Migration mal formée ${d.name} : ${d.reason}`,
    hint: (d) =>
      d.kind === 'sql'
        ? 'Une migration SQL a besoin d’une section `-- migrate:up`, et éventuellement `-- migrate:down`.'
        : 'Une migration TypeScript doit faire `export default defineMigration({ description, up })`.',
  },
  MIGRATION_LOAD_FAILED: {
    message: (d) => `Impossible de charger la migration ${d.name} : ${d.reason}`,
    hint: () => 'Corrigez l’erreur dans le fichier ; `dihya-migrate validate` vérifie chaque fichier sans rien appliquer.',
  },
  DRIFT_EDITED: {
    message: (d) => `La migration appliquée ${d.name} a été modifiée après coup (empreinte ${d.applied} dans l’historique, ${d.current} sur disque)`,
    hint: () =>
      'Ne modifiez jamais une migration appliquée : restaurez le fichier depuis le gestionnaire de versions et mettez le changement dans une nouvelle migration.',
  },
  DRIFT_MISSING: {
    message: (d) => `La migration appliquée ${d.name} a disparu du dossier des migrations`,
    hint: () => 'Restaurez le fichier depuis le gestionnaire de versions ; une migration appliquée doit rester dans le dossier.',
  },
  DRIFT_RENAMED: {
    message: (d) => `La migration appliquée de version ${d.version} a été renommée de ${d.applied} en ${d.current}`,
    hint: () => 'Redonnez-lui son nom ; le slug d’une migration appliquée ne doit pas changer.',
  },
  OUT_OF_ORDER: {
    message: (d) => `La migration en attente ${d.name} est plus ancienne que la dernière appliquée (${d.last})`,
    hint: () => 'Donnez-lui un horodatage plus récent, ou lancez avec --out-of-order si l’appliquer en retard est voulu.',
  },
  TARGET_VERSION_UNKNOWN: {
    message: (d) => `Version de migration inconnue : ${d.version}`,
    hint: () => 'Lancez `dihya-migrate status` pour lister les versions connues.',
  },
  NOT_APPLIED: {
    message: (d) => `La migration ${d.version} n’est pas appliquée`,
    hint: () => 'Lancez `dihya-migrate status` pour voir les migrations appliquées.',
  },
  NOTHING_TO_RESOLVE: {
    message: (d) => `La migration ${d.version} n’est pas dans un état interrompu`,
    hint: () => '`resolve` ne règle que les migrations que `status` montre comme interrompues.',
  },
  NO_DOWN: {
    message: (d) => `La migration ${d.name} n’a pas d’étape down`,
    hint: () => 'Ajoutez un down() (ou une section `-- migrate:down`) dans une nouvelle révision, ou restaurez une sauvegarde.',
  },
  ATOMIC_UNSUPPORTED: {
    message: (d) => `Impossible d’appliquer les migrations en attente dans une seule transaction : ${d.reason}`,
    hint: () => 'Lancez sans --atomic (chaque migration a alors sa propre transaction, et une sauvegarde là où elle ne peut pas être annulée).',
  },
  OWN_CONNECTIONS: {
    message: (d) =>
      `La migration ${d.name} ouvre ses propres connexions à la base (${d.what}) : ses instructions échapperaient à sa transaction, à ses contrôles et à sa sauvegarde`,
    hint: () =>
      'Utilisez `db`, `sql` et `run` qu’elle reçoit (ils passent par sa transaction). Si elle doit ouvrir ses connexions, déclarez `ownConnections: true` et assumez ce qu’elle change.',
  },
  NOTHING_TO_UNDO: {
    message: (d) =>
      `La migration ${d.version} n’a laissé aucun enregistrement permettant de l’annuler (elle n’a rien changé d’irréversible, ou les sauvegardes étaient désactivées)`,
    hint: (d) => `Vérifiez la base, puis réglez-la avec \`dihya-migrate resolve ${d.version} --applied\` ou \`--rolled-back\`.`,
  },
};
