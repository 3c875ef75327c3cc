import { backfillFr } from './backfill-fr.ts';
import { dwebFr } from './dweb-fr.ts';
import { monitorFr, monitorHelpFr } from './monitor-fr.ts';
import type { Messages } from './messages-en.ts';
import { sqlFilesFr } from './sql-files-fr.ts';
import { privacyFr } from './privacy-fr.ts';
import { rehearseFr } from './rehearse-fr.ts';

/** Tous les textes de la CLI, en français (mêmes clés que `messages-en.ts`). */
export const fr: Messages = {
  ...sqlFilesFr,
  labels: {
    error: 'erreur',
    hint: 'conseil',
    problem: 'problème',
  },
  help: {
    program: 'Migrations de bases de données sûres par construction, pour PostgreSQL, MariaDB/MySQL et SQLite.',
    config: 'fichier de configuration (par défaut : dihya.config.ts|js|json du dossier courant)',
    url: 'URL de la base, prioritaire sur la configuration et DIHYA_URL',
    migrations: 'dossier des migrations, prioritaire sur la configuration',
    lockTimeout: 'durée d’attente maximale d’une autre exécution, en ms',
    json: 'afficher un document JSON au lieu du texte',
    lang: 'langue des messages : en ou fr (par défaut : selon LANG)',
    init: 'créer dihya.config.ts et le dossier des migrations',
    new: 'créer une migration nommée AAAAMMJJHHMMSS_<slug>.ts (ou .sql)',
    newSql: 'écrire une migration SQL plutôt que TypeScript',
    status: 'lister les migrations avec leur état, leurs changements de schéma et toute dérive',
    plan: 'simulation : montrer le SQL que `up` enverrait, sans rien modifier',
    to: 's’arrêter après cette version',
    up: 'sauvegarder, puis appliquer les migrations en attente avec des contrôles après chacune',
    dryRun: 'identique à `plan`',
    outOfOrder: 'appliquer aussi les migrations en attente plus anciennes que la dernière appliquée',
    atomic: 'appliquer toutes les migrations en attente dans une seule transaction : tout ou rien (SQLite, PostgreSQL)',
    down: 'annuler la dernière migration appliquée (ou --steps N, ou toutes celles après --to)',
    steps: 'nombre de migrations à annuler',
    downTo: 'annuler toutes les migrations appliquées après cette version',
    validate: 'vérifier chaque fichier de migration et l’historique sans rien modifier ; code de sortie non nul au moindre problème',
    resolve: 'régler une migration qu’un arrêt brutal a laissée à moitié faite hors transaction',
    applied: 'elle est allée au bout : la marquer appliquée',
    rolledBack: 'elle n’a rien laissé (ou vous l’avez défaite) : l’oublier',
    backup: 'sauvegardes de la base : lister, créer, vérifier, restaurer',
    backupList: 'lister les sauvegardes de cette base, de la plus récente à la plus ancienne',
    backupCreate: 'faire une sauvegarde maintenant',
    reason: 'pourquoi (conservé dans le manifeste)',
    backupVerify: 'restaurer une sauvegarde (par défaut la dernière) dans une base jetable et comparer schéma et nombres de lignes',
    backupRestore: 'remplacer la base par une sauvegarde (l’état actuel est sauvegardé d’abord)',
    backupPin: 'garder une sauvegarde quoi que dise la rétention',
    backupUnpin: 'laisser la rétention supprimer à nouveau une sauvegarde épinglée',
    backupPrune: 'supprimer maintenant les anciennes sauvegardes (par exécution ; jamais les épinglées ni la dernière bonne)',
    keep: 'combien d’exécutions garder (par défaut : backup.keep)',
    olderThan: 'supprimer aussi les sauvegardes plus anciennes que cela (ex. 30d, 12h)',
    abandonRestore: 'oublier une restauration interrompue, en gardant la base telle quelle',
    undo: 'l’annuler depuis les sauvegardes faites juste avant ses changements (seulement les tables qu’elle a touchées)',
    yes: 'confirmer : toute la base est remplacée',
    audit: 'le journal d’audit inviolable : afficher, vérifier',
    auditShow: 'afficher les dernières entrées d’audit',
    limit: 'combien (50 par défaut)',
    auditVerify: 'vérifier chaque entrée, la chaîne de hachage et le miroir en base',
    ...monitorHelpFr,
    demo: 'dérouler tout le processus sur une base SQLite jetable dans .dihya/demo',
  },
  status: {
    target: (url) => `cible : ${url}`,
    none: 'aucune migration pour l’instant (créez-en une avec `dihya-migrate new <slug>`)',
    headers: ['version', 'nom', 'état', 'appliquée le', 'ms', 'par', 'changement de schéma'],
    summary: (recorded, pending) => `${recorded} appliquée(s) ou enregistrée(s), ${pending} en attente`,
    states: {
      applied: 'appliquée',
      pending: 'en attente',
      edited: 'modifiée',
      missing: 'manquante',
      renamed: 'renommée',
      interrupted: 'interrompue',
      'out-of-order': 'hors ordre',
    },
  },
  plan: {
    upToDate: 'rien à appliquer : la base est à jour',
    outsideTransaction: ' (hors transaction)',
    stopped: (reason) => `-- (simulation arrêtée ici : ${reason} ; la suite dépend des données)`,
    summary: (n) => `${n} migration(s) seraient appliquées ; lancez \`dihya-migrate up\` pour les appliquer`,
    schemaChanges: (summary) => `-- schéma : ${summary}`,
    noSchemaChange: 'aucun changement de schéma',
    noSchemaPreview: (reason) => `-- (changements de schéma non prévus : ${reason})`,
    failsOnScratch: (reason) => `-- ÉCHOUE sur une copie de la base sans données : ${reason}`,
    notTried: (failing) => `-- (non essayée : ${failing} échoue avant elle)`,
  },
  up: {
    upToDate: 'rien à appliquer : la base est à jour',
    applied: (n) => `${n} migration(s) appliquée(s)`,
  },
  down: {
    nothing: 'rien à annuler',
    reverted: (n) => `${n} migration(s) annulée(s)`,
  },
  run: {
    failedSummary: (direction, done, failed, outcome, notRun, backup, restored) =>
      `échec de l’exécution : ${done} ${direction === 'down' ? 'annulée(s)' : 'appliquée(s)'}, ` +
      (failed ? `${failed} en échec (${outcome}), ` : '') +
      `${notRun} non exécutée(s)` +
      (restored && restored !== '-' ? ` ; sauvegarde ${restored} restaurée` : backup ? ` ; sauvegarde prise avant l’exécution : ${backup}` : ''),
    outcomes: {
      'rolled-back': 'annulée, rien de gardé',
      restored: 'ses changements défaits depuis la sauvegarde',
      partial: 'peut-être appliquée en partie',
    },
  },
  validate: {
    ok: (files, applied, pending) => `ok : ${files} fichier(s) de migration bien formé(s), ${applied} appliqué(s) inchangé(s), ${pending} en attente`,
  },
  resolve: {
    done: (version, outcome) => `${version} marquée ${outcome === 'applied' ? 'appliquée' : 'annulée'}`,
    undone: (version, tables) => `${version} annulée : ${tables.join(', ') || 'rien'} restauré ; elle est de nouveau en attente`,
    abandoned: (backup) => `restauration interrompue de la sauvegarde ${backup} oubliée ; la base reste telle quelle`,
  },
  init: {
    created: (file) => `créé : ${file}`,
    next: 'ensuite : `dihya-migrate new ajout_colonne` puis `dihya-migrate plan` et `dihya-migrate up`',
    ignored: (folder) => `${folder} ajouté à .gitignore (les sauvegardes qu’il contient ont des données personnelles)`,
  },
  progress: {
    lockWaited: (ms) => `verrou obtenu après ${ms} ms d’attente`,
    applying: (name) => `→ application de ${name}`,
    reverting: (name) => `← annulation de ${name}`,
    outsideTransaction: ' (hors transaction)',
    retry: (attempt, ms) => `  verrou de table refusé (essai ${attempt}) ; nouvel essai dans ${ms} ms`,
    done: (ms) => `  terminé en ${ms} ms`,
    schemaChange: (summary) => `  schéma : ${summary}`,
    failedRolledBack: '  échec (annulée, rien n’a été conservé)',
    failedPartial: '  échec (peut-être appliquée en partie)',
    backup: (id, method, ms) => `sauvegarde ${id} faite (${method}, ${ms} ms)`,
    restored: (id, tables) =>
      tables.length > 0
        ? `tables touchées (${tables.join(', ')}) restaurées comme avant elle${id === '-' ? '' : ` (sauvegarde ${id})`}`
        : `sauvegarde ${id} restaurée : la base est telle qu’avant la migration`,
  },
  backup: {
    none: 'aucune sauvegarde de cette base pour l’instant (elles sont faites avant chaque exécution, ou avec `dihya-migrate backup create`)',
    headers: ['id', 'prise le', 'type', 'méthode', 'taille', 'tables', 'dernière appliquée', 'motif'],
    pinned: ' (épinglée)',
    unreadable: (id, reason) => `dossier de sauvegarde illisible ${id} : ${reason} (jamais restauré ; supprimez-le à la main après examen)`,
    pinnedNow: (id) => `sauvegarde ${id} épinglée : la rétention et \`backup prune\` la gardent`,
    unpinnedNow: (id) => `sauvegarde ${id} désépinglée`,
    pruned: (ids) => (ids.length === 0 ? 'rien à supprimer' : `${ids.length} sauvegarde(s) supprimée(s) : ${ids.join(', ')}`),
    created: (id, method, size, ms) => `sauvegarde ${id} créée (${method}, ${size}, ${ms} ms)`,
    verified: (id, tables) =>
      `ok : la sauvegarde ${id} se restaure dans une base jetable avec l’empreinte de schéma enregistrée et les nombres de lignes de ${tables} table(s) ; les fichiers correspondent à leur SHA-256`,
    restored: (id) => `sauvegarde ${id} restaurée ; la base a maintenant le schéma et les nombres de lignes enregistrés`,
    safetyBackup: (id) => `l’état d’avant la restauration a été sauvegardé sous ${id}`,
  },
  audit: {
    none: (file) => `aucune entrée d’audit pour l’instant (${file})`,
    ok: (n, file) => `ok : ${n} entrées d’audit, chaque empreinte et chaque lien intacts, identiques au miroir en base (${file})`,
    noFile: (file, n, keyed) =>
      `pas de fichier d’audit ici (${file}) : les ${n} entrées du miroir en base ont été vérifiées seules, et la prochaine écriture dans l’audit (l’entrée d’accès de cette commande même, si elle est enregistrée) reconstruira le fichier à partir d’elles, ` +
      (keyed
        ? 'après les avoir vérifiées avec DIHYA_AUDIT_KEY'
        : 'garanties par leurs seules empreintes (un miroir réécrit avec des empreintes recalculées serait recopié tel quel)'),
    sealed: (from, last) =>
      `scellé avec DIHYA_AUDIT_KEY : chaque MAC et la tête de chaîne à clé correspondent (entrées ${from} à ${last}${from > 1 ? ` ; les entrées avant ${from} ont été écrites avant que la clé soit définie` : ''})`,
    unkeyed: (sealed) =>
      `sans clé : les empreintes montrent un dommage accidentel, mais quelqu’un qui peut écrire à la fois le fichier et le miroir pourrait les réécrire sans que cela se voie. ` +
      `Définissez DIHYA_AUDIT_KEY (par ex. \`openssl rand -hex 32\`, depuis votre coffre à secrets) pour sceller l’audit${sealed > 0 ? ` et vérifier les MAC de ses ${sealed} entrées scellées` : ''}`,
    history: (n) =>
      `l’historique concorde avec l’audit : ${n} migration(s) appliquée(s), chacune avec son entrée migration.applied, et aucune entrée appliquée sans sa ligne`,
  },
  demo: {
    intro: (db) => `démo dihya-migrate : base SQLite ${db}, migrations copiées depuis examples/demo\n`,
    status0: '== status (rien d’appliqué pour l’instant)',
    plan: '\n== plan (simulation : le SQL que `up` enverrait)',
    planLine: (name, n, partial) => `-- ${name} : ${n} instruction(s)${partial ? ' (dépend des données, suivie en partie)' : ''}`,
    up: '\n== up (une sauvegarde vérifiée d’abord, puis chaque migration dans sa transaction, contrôlée)',
    status: '\n== status',
    down: '\n== down (annuler la dernière migration)',
    upAgain: '\n== up de nouveau',
    validate: '\n== validate',
    validated: (files, applied, pending) => `ok : ${files} fichiers, ${applied} appliqués inchangés, ${pending} en attente`,
    backups: '\n== backup list, puis backup verify (restaurer la dernière dans une base jetable)',
    audit: '\n== audit verify (journal inviolable)',
    finished: (applied, reverted, reapplied) =>
      `\ndémo terminée : ${applied} appliquée(s), ${reverted} annulée(s), ${reapplied} réappliquée(s). Pour explorer :`,
  },
  ...dwebFr,
  monitor: monitorFr,
  ...privacyFr,
  ...rehearseFr,
  ...backfillFr,
};
