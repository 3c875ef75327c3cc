import type { monitorEn, monitorHelpEn } from './monitor-en.ts';

/** Aide des options et commandes de surveillance, en français. */
export const monitorHelpFr: typeof monitorHelpEn = {
  pushgateway: 'envoyer les métriques à ce Pushgateway Prometheus à la fin de chaque exécution (prioritaire sur monitor.pushgateway)',
  metricsFile: 'écrire les métriques dans ce fichier texte de node_exporter (.prom) après chaque exécution (prioritaire sur monitor.metricsFile)',
  check:
    'contrôle de santé pour cron et la CI, en lecture seule : attente, dérive, schéma modifié à la main, audit, âge de la sauvegarde, interruption ; code 1 si en échec',
  metrics: 'afficher les métriques Prometheus de la base (et les envoyer / écrire avec --pushgateway / --metrics-file)',
};

/** Textes de la surveillance, en français. */
export const monitorFr: typeof monitorEn = {
  check: {
    target: (url) => `contrôle : ${url}`,
    status: { ok: '[ok]  ', fail: '[ÉCHEC]', skip: '[omis]' },
    pendingOk: 'en attente : aucune',
    pending: (n, names) => `en attente : ${n} migration(s) non appliquée(s) : ${names}`,
    driftOk: 'dérive : aucun fichier de migration appliquée n’a changé',
    drift: (parts) => `dérive : ${parts}`,
    driftParts: { edited: 'modifiée(s)', missing: 'manquante(s)', renamed: 'renommée(s)', outOfOrder: 'hors ordre' },
    interruptedOk: 'interrompue : aucune',
    interrupted: (names) => `interrompue : ${names} (vérifiez la base, puis \`dihya-migrate resolve <version> --applied|--rolled-back\`)`,
    schemaOk: (at) => `schéma : tel que la dernière exécution l’a laissé (enregistré le ${at})`,
    schemaDiffers: (at, tables, now, from, to) =>
      `schéma : modifié en dehors de dihya-migrate depuis le ${at} (tables : ${tables} enregistrées, ${now} maintenant ; empreinte ${from} → ${to})`,
    schemaNotRecorded: 'schéma : aucun schéma enregistré pour l’instant (la prochaine exécution l’enregistre)',
    schemaChangedSince: 'schéma : une exécution interrompue l’a modifié ; la prochaine exécution l’enregistre',
    auditOk: (n) => `audit : ${n} entrées, chaque empreinte et chaque lien intacts`,
    audit: (seq, reason, more) => `audit : entrée ${seq} : ${reason}${more > 0 ? ` (et ${more} autre(s) problème(s))` : ''}`,
    backupOk: (id, age, max) => `sauvegarde : ${id} vérifiée, âgée de ${age} h (au plus ${max} h)`,
    backupStale: (max, newest) => `sauvegarde : aucune sauvegarde vérifiée de moins de ${max} h (${newest})`,
    backupNewest: (id, age) => `la plus récente : ${id}, âgée de ${age} h`,
    backupNone: 'aucune',
    backupInfo: (newest) => `sauvegarde : la plus récente vérifiée : ${newest} (réglez monitor.check.backupMaxAgeHours pour en exiger une)`,
    healthy: 'en bonne santé',
    unhealthy: (n) => `en échec : ${n} contrôle(s) non satisfait(s)`,
  },
  metrics: {
    pushed: (url) => `# envoyées à ${url}`,
    written: (file) => `# écrites dans ${file}`,
  },
  progressDisplay: {
    elapsed: (seconds) => `${seconds} s`,
    tasks: {
      'backup check': 'contrôle de sauvegarde',
      backup: 'sauvegarde',
      'backup verify': 'vérification de sauvegarde',
      restore: 'restauration',
      plan: 'plan',
    },
    phases: {
      dumping: 'export',
      checksums: 'empreintes',
      'checking files': 'contrôle des fichiers',
      'restoring into a scratch database': 'restauration dans une base jetable',
      restoring: 'restauration',
      comparing: 'comparaison',
      running: 'en cours',
      'schema preview': 'aperçu du schéma',
    },
    anomaly: (kind, detail) => `  anomalie (${kind}) : ${detail}`,
    extensionFailed: (extension, point, reason) => `attention : ${extension} a échoué à ${point} : ${reason}`,
  },
};
