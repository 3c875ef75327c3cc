import type { FrenchErrors } from './french-text.ts';
import { issue } from './french-text.ts';
import type { StepFailureDetails } from '../../../errors/step-failure-details.ts';
import type { runErrors } from '../../../errors/codes/run.ts';

/** Ce que signifie un code d’erreur du système de fichiers, pour STATE_WRITE_FAILED. */
const WRITE_FAILURE_TEXT_FR: Record<string, string> = {
  ENOSPC: 'plus d’espace sur le périphérique (ENOSPC)',
  EDQUOT: 'quota disque dépassé (EDQUOT)',
  EROFS: 'système de fichiers en lecture seule (EROFS)',
  EACCES: 'permission refusée (EACCES)',
  EPERM: 'opération non permise (EPERM)',
};

/** Le texte français des erreurs de `run`, avec les mêmes `details` que le texte anglais. */
export const runErrorsFr: FrenchErrors<typeof runErrors> = {
  INTERRUPTED: {
    message: (d) => `La migration ${d.name} a été interrompue lors d’une exécution précédente après avoir modifié ce qui ne s’annule pas (${d.status})`,
    hint: (d) =>
      (d.undo
        ? `Annulez-la depuis les sauvegardes faites juste avant ses changements (seulement les tables qu’elle a touchées) : \`dihya-migrate resolve ${d.version} --undo\`. Ou vérifiez`
        : 'Elle est peut-être à moitié faite. Vérifiez') +
      ` la base et indiquez l’issue avec \`dihya-migrate resolve ${d.version} --applied\` ou \`--rolled-back\`` +
      (d.backup
        ? `, ou remettez toute la base comme avant l’exécution : \`dihya-migrate backup restore ${d.backup} --yes\` (ce qui a été écrit depuis sera perdu).`
        : '.'),
  },
  LOCK_HELD: {
    message: (d) => `Une autre exécution détient le verrou des migrations (${d.holder}) ; attente de ${d.waitedMs} ms`,
    hint: () => 'Attendez qu’elle se termine, ou augmentez --lock-timeout. Une exécution plantée libère le verrou d’elle-même.',
  },
  LOCK_LOST: {
    message: (d) => `Le verrou des migrations a été ${d.cause === 'lease' ? 'repris' : 'perdu'} par ${d.holder} pendant cette exécution`,
    hint: (d) =>
      d.cause === 'lease'
        ? 'Cette exécution s’est arrêtée sans rien appliquer de plus. Augmentez `lock.leaseMs` si les migrations durent longtemps.'
        : 'Cette exécution s’est arrêtée sans rien appliquer de plus. Le serveur a fermé la session du verrou (redémarrage, idle_session_timeout, coupure réseau ou administrateur) : vérifiez le serveur puis relancez.',
  },

  LOCK_TIMEOUT_EXHAUSTED: {
    message: (d) => `La migration ${d.name} n’a pas obtenu ses verrous de table après ${d.attempts} essais`,
    hint: () => 'Une autre session garde un verrou incompatible ; trouvez-la dans pg_stat_activity, ou augmentez postgres.lockRetries.',
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
  INTERNAL_SCHEMA_TOO_NEW: {
    message: (d) => `Les tables de dihya-migrate sont en version ${d.found}, plus récente que celle que connaît cette version (${d.known})`,
    hint: () => 'Une version plus récente de dihya-migrate a mis cette base à niveau ; utilisez-la (ou plus récente) ici aussi.',
  },
  STATE_WRITE_FAILED: {
    message: (d) =>
      `Impossible d’écrire ${d.file} : ${WRITE_FAILURE_TEXT_FR[d.code] ?? d.code}` +
      (!Array.isArray(d.committed)
        ? ''
        : d.committed.length === 0
          ? ' ; aucune migration de ce passage n’avait été validée'
          : ` ; validées dans ce passage avant l’arrêt : ${d.committed.join(', ')}`),
    hint: (d) =>
      (d.code === 'ENOSPC' || d.code === 'EDQUOT'
        ? 'Libérez de l’espace disque là où se trouve le dossier d’état (les sauvegardes en prennent le plus : `dihya-migrate backup prune`), puis relancez.'
        : 'Rendez le dossier d’état accessible en écriture à cet utilisateur, ou indiquez un dossier accessible avec `stateDir` dans dihya.config.ts, puis relancez.') +
      (d.committed?.length
        ? ' Les migrations validées restent appliquées ; le fichier d’audit est complété depuis le miroir de la base au prochain passage.'
        : ' Rien n’a été changé.'),
  },
  HISTORY_TABLE_FOREIGN: {
    message: (d) => `La table ${d.table} n’est pas une table d’historique de dihya-migrate : elle n’a pas de colonne ${d.missing.join(', ')}`,
    hint: (d) =>
      `Un autre outil utilise peut-être ce nom de table. Donnez à dihya-migrate sa propre table avec \`table\` dans dihya.config.ts (par ex. \`table: '${d.table}_dihya'\`), ou renommez cette table. Rien n’a été changé.`,
  },
  INTERNAL_SCHEMA_UPGRADE_FAILED: {
    message: (d) => `Impossible de mettre les tables de dihya-migrate en version ${d.version} (${d.description}) : ${d.reason}`,
    hint: () => 'Votre schéma n’a pas été modifié. Vérifiez que l’utilisateur peut créer et modifier des tables, puis relancez.',
  },
  EXTENSION_FAILED: {
    message: (d) => `${d.extension} a échoué à l’étape ${d.point}${d.name ? ` de la migration ${d.name}` : ''} : ${d.reason}`,
    hint: (d) =>
      d.outcome
        ? issue(d as StepFailureDetails, `Corrigez ${d.extension} ou la migration et relancez.`)
        : `Cette étape n’a rien changé. Corrigez ${d.extension} et relancez.`,
  },
  MIGRATION_TIMEOUT: {
    message: (d) =>
      `La migration ${d.name} a été arrêtée après ${d.limitMs} ms (délai ${d.scope === 'run' ? 'de l’exécution' : 'de la migration'}) : ${d.reason}`,
    hint: (d) =>
      issue(
        d,
        d.scope === 'run'
          ? 'Augmentez `timeouts.runMs`, ou appliquez les migrations restantes dans une autre exécution.'
          : 'Augmentez son `timeoutMs` (ou `timeouts.migrationMs`) si elle dure vraiment autant, ou trouvez ce qu’elle attendait (un verrou, une promesse jamais résolue).',
      ),
  },
  TRANSACTION_CONTROL_REFUSED: {
    message: (d) => `La migration ${d.name} a envoyé ${d.statement} dans sa transaction : ${d.reason}`,
    hint: (d) =>
      issue(
        d,
        'Retirez l’instruction : dihya-migrate valide lui-même chaque migration. Une migration qui doit valider seule se marque `transactional: false` (SQL : `-- migrate:up transaction:false`).',
      ),
  },
};
