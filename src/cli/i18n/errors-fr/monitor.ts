import type { FrenchErrors } from './french-text.ts';
import type { monitorErrors } from '../../../errors/codes/monitor.ts';

/** Le texte français des erreurs de `monitor`, avec les mêmes `details` que le texte anglais. */
export const monitorErrorsFr: FrenchErrors<typeof monitorErrors> = {
  PUSHGATEWAY_URL_INVALID: {
    message: (d) => `URL de Pushgateway invalide ${d.url} : ${d.reason}`,
    hint: () => 'Donnez l’URL de base du Pushgateway, par ex. --pushgateway http://pushgateway:9091 (ou `monitor.pushgateway` dans dihya.config.ts).',
  },
  METRICS_FILE_INVALID: {
    message: (d) => `Impossible d’écrire le fichier de métriques ${d.file} : ${d.reason}`,
    hint: () =>
      'Placez --metrics-file (ou `monitor.metricsFile`) dans un dossier existant et accessible en écriture, par ex. le --collector.textfile.directory de node_exporter ; le nom doit finir par .prom.',
  },
  METRICS_PUSH_FAILED: {
    message: (d) => `Impossible d’envoyer les métriques au Pushgateway ${d.url} : ${d.reason}`,
    hint: () => 'Vérifiez que le Pushgateway tourne et qu’il est joignable d’ici ; l’exécution elle-même n’est pas affectée.',
  },
  METRICS_FILE_WRITE_FAILED: {
    message: (d) => `Impossible d’écrire le fichier de métriques ${d.file} : ${d.reason}`,
    hint: () => 'Vérifiez les droits du dossier et l’espace libre ; le fichier précédent, s’il existe, est resté tel quel.',
  },
  CHECK_FAILED: {
    message: (d) => `Contrôle de santé en échec : ${d.count} contrôle(s) non satisfait(s) (${d.failed})`,
    hint: () =>
      'Chaque contrôle en échec dit quoi faire ; `dihya-migrate check --json` les liste tous. Le code de sortie 1 permet à cron et à la CI d’alerter.',
  },
};
