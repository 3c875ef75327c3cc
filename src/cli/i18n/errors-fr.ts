import type { Details, ErrorCode } from '../../errors/error-messages.ts';

type FrenchText = { message: (d: Details) => string; hint: (d: Details) => string };

/** Ce qui est arrivé aux changements d’une migration en échec : annulés, restaurés, ou peut-être conservés. */
function issue(d: Details, next: string): string {
  if (d.rolledBack === 'yes') return `Rien n’en a été conservé (la transaction a été annulée). ${next}`;
  if (d.rolledBack === 'restored') return `La base a été restaurée depuis la sauvegarde ${d.backup} et elle est identique à avant la migration. ${next}`;
  return `Elle a tourné hors transaction : une partie peut en rester. Vérifiez la base avant de relancer. ${next}`;
}

/** Le texte français de chaque erreur, avec les mêmes `details` que le texte anglais. */
export const errorsFr: Record<ErrorCode, FrenchText> = {
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
  INTERRUPTED: {
    message: (d) => `La migration ${d.name} a été interrompue lors d’une exécution précédente après avoir modifié le schéma (${d.status})`,
    hint: (d) =>
      'Cette base ne sait pas annuler le DDL : elle est peut-être à moitié migrée. Vérifiez-la, puis indiquez l’issue avec ' +
      `\`dihya-migrate resolve ${d.version ?? '<version>'} --applied\` ou \`--rolled-back\`` +
      (d.backup
        ? `, ou remettez la sauvegarde faite juste avant : \`dihya-migrate backup restore ${d.backup} --yes\` (ce qui a été écrit depuis sera perdu).`
        : '.'),
  },
  LOCK_HELD: {
    message: (d) => `Une autre exécution détient le verrou des migrations (${d.holder}) ; attente de ${d.waitedMs} ms`,
    hint: () => 'Attendez qu’elle se termine, ou augmentez --lock-timeout. Une exécution plantée libère le verrou d’elle-même.',
  },
  LOCK_LOST: {
    message: (d) => `Le verrou des migrations a été repris par ${d.holder} pendant cette exécution`,
    hint: () => 'Cette exécution s’est arrêtée avant d’appliquer quoi que ce soit d’autre. Augmentez `lock.leaseMs` si les migrations sont longues.',
  },
  MIGRATION_FAILED: {
    message: (d) => `La migration ${d.name} a échoué : ${d.reason}`,
    hint: (d) => issue(d, 'Corrigez la migration et relancez.'),
  },
  VERIFY_FAILED: {
    message: (d) => `La vérification de la migration ${d.name} a échoué : ${d.reason}`,
    hint: (d) => issue(d, 'Corrigez la migration ou son verify() et relancez.'),
  },
  VALIDATION_FAILED: {
    message: (d) => `Un contrôle des données après la migration ${d.name} a échoué : ${d.reason}`,
    hint: (d) => issue(d, 'Corrigez la migration, ou déclarez le changement voulu dans ses `checks` (allowRowLoss, rowCounts, notNull).'),
  },
  AUDIT_BROKEN: {
    message: (d) => `Le journal d’audit ${d.file} et son miroir en base divergent à l’entrée ${d.seq} : ${d.reason}`,
    hint: () => 'Lancez `dihya-migrate audit verify` pour voir chaque problème. Mettez le fichier abîmé de côté pour le reconstruire depuis le miroir.',
  },
  AUDIT_TAMPERED: {
    message: (d) =>
      `Échec de la vérification de l’audit : entrée ${d.seq}${d.fileLine ? ` (ligne ${d.fileLine} de ${d.file})` : ''} : ${d.reason}${Number(d.more) > 0 ? ` (et ${d.more} autre(s) problème(s))` : ''}`,
    hint: () => 'Le journal d’audit a été modifié en dehors de dihya-migrate. Comparez-le avec la table miroir en base et vos copies.',
  },
  BACKUP_FAILED: {
    message: (d) => `La sauvegarde de ${d.url} a échoué : ${d.reason}`,
    hint: () => 'Rien n’a été migré. Vérifiez l’espace disque et les outils de sauvegarde (pg_dump, mariadb-dump), ou réglez backup.method.',
  },
  BACKUP_NOT_FOUND: {
    message: (d) => `Aucune sauvegarde ${d.id} pour cette base`,
    hint: () => 'Lancez `dihya-migrate backup list` pour voir les sauvegardes de cette base.',
  },
  BACKUP_CORRUPT: {
    message: (d) => `La sauvegarde ${d.id} est abîmée : ${d.reason}`,
    hint: () => 'Ne la restaurez pas ; utilisez-en une autre (`dihya-migrate backup list`).',
  },
  BACKUP_VERIFY_FAILED: {
    message: (d) => `La sauvegarde ${d.id} ne se restaure pas à l’identique de ce qu’elle a enregistré : ${d.reason}`,
    hint: () => 'Ne comptez pas sur cette sauvegarde ; faites-en une nouvelle avec `dihya-migrate backup create` et vérifiez-la.',
  },
  RESTORE_FAILED: {
    message: (d) => `La restauration de la sauvegarde ${d.id} a échoué : ${d.reason}`,
    hint: () =>
      'La base est peut-être incomplète. Restaurez de nouveau depuis la même sauvegarde ou une plus ancienne ; l’état d’avant cette restauration a été sauvegardé.',
  },
  RESTORE_NEEDS_CONFIRMATION: {
    message: (d) => `Restaurer la sauvegarde ${d.id} remplace toute la base ${d.url}`,
    hint: () => 'Relancez avec --yes pour confirmer. L’état actuel est sauvegardé d’abord.',
  },
  LOCK_TIMEOUT_EXHAUSTED: {
    message: (d) => `La migration ${d.name} n’a pas obtenu ses verrous de table après ${d.attempts} essais`,
    hint: () => 'Une autre session garde un verrou incompatible ; trouvez-la dans pg_stat_activity, ou augmentez postgres.lockRetries.',
  },
  ATOMIC_UNSUPPORTED: {
    message: (d) => `Impossible d’appliquer les migrations en attente dans une seule transaction : ${d.reason}`,
    hint: () => 'Lancez sans --atomic (chaque migration a alors sa propre transaction, et une sauvegarde là où elle ne peut pas être annulée).',
  },
  NO_DOWN: {
    message: (d) => `La migration ${d.name} n’a pas d’étape down`,
    hint: () => 'Ajoutez un down() (ou une section `-- migrate:down`) dans une nouvelle révision, ou restaurez une sauvegarde.',
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
  FILE_EXISTS: { message: (d) => `${d.file} existe déjà`, hint: () => 'Choisissez un autre nom.' },
  NODE_TOO_OLD: {
    message: (d) => `dihya-migrate demande Node.js >= 22.12, celui-ci est ${d.version}`,
    hint: () => 'Lancez-le avec `npx dihya-migrate` dans le projet (il apporte Node 24), ou mettez Node.js à jour.',
  },
};
