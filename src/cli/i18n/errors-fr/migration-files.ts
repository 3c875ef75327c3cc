import type { FrenchErrors } from './french-text.ts';
import type { MigrationField, migrationFilesErrors } from '../../../errors/codes/migration-files.ts';

/** Ce que chaque champ doit contenir. */
const FORMES: Record<MigrationField, string> = {
  definition: 'un objet (l’export par défaut)',
  description: 'une chaîne non vide',
  sector: 'un nom de secteur : lettres minuscules, chiffres, `_` ou `-` (par ex. `sante`)',
  up: 'une fonction',
  down: 'une fonction',
  verify: 'une fonction',
  transactional: 'true ou false',
  downTransactional: 'true ou false',
  checks: 'un objet avec allowRowLoss, notNull, rowCounts, allowOrphans, rowsChanged',
  'checks.allowRowLoss': "un tableau de noms de tables, ou '*' pour toutes",
  'checks.notNull': "un tableau de noms 'table.colonne'",
  'checks.rowCounts': 'un objet : nom de table -> un nombre, ou { min, max } (entiers >= 0, min <= max)',
  'checks.allowOrphans': 'un tableau de noms de tables',
  'checks.rowsChanged': 'un objet : nom de table -> un nombre, ou { min, max } (entiers >= 0, min <= max)',
  timeoutMs: 'un nombre entier de millisecondes > 0',
  lint: 'un objet { allow: [noms de règles], reason: pourquoi }',
  'lint.allow': 'un tableau non vide de noms de règles du lint',
  'lint.reason': 'une chaîne non vide qui dit pourquoi',
  author: 'une chaîne non vide',
  purpose: 'une chaîne non vide',
  approvedBy: 'une chaîne non vide',
  sectorRules: "un objet des paramètres du pack sectoriel, par ex. { grades: { table: 'grades', column: 'level' } }",
  backfill: 'true ou false',
  ownConnections: 'true ou false',
};

const ligne = (line: number | undefined) => (line === undefined ? '' : ` (ligne ${line})`);

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
  MIGRATION_FIELD_INVALID: {
    message: (d) =>
      d.problem === 'unknown-key'
        ? `Migration ${d.name} : clé inconnue \`${d.path}\`${ligne(d.line)}`
        : `Migration ${d.name} : \`${d.path}\`${ligne(d.line)} doit être ${FORMES[d.field]}`,
    hint: (d) => {
      const sql =
        d.kind === 'sql' ? ' Dans un fichier SQL, les directives sont des commentaires `-- dihya:<clé> <valeur>` avant `-- migrate:up` (voir le README).' : '';
      if (d.problem === 'unknown-key') return `${d.suggestion ? `Vouliez-vous dire \`${d.suggestion}\` ? ` : ''}Clés connues : ${d.known ?? ''}.${sql}`;
      return `Écrivez \`${d.field}\` sous la forme : ${FORMES[d.field]}.${sql}`;
    },
  },
  MIGRATION_DIRECTIVE_UNKNOWN: {
    message: (d) => `Migration ${d.name} : directive inconnue \`-- dihya:${d.directive}\` (ligne ${d.line})`,
    hint: (d) => `${d.suggestion ? `Vouliez-vous dire \`-- dihya:${d.suggestion}\` ? ` : ''}Directives connues : ${d.known}.`,
  },
  STATEMENT_NEEDS_NO_TRANSACTION: {
    message: (d) =>
      `${d.file}:${d.line} : ${d.statement} ne peut pas s’exécuter dans une transaction, et la section ${d.section} de ${d.name} s’exécute dans une transaction`,
    hint: (d) =>
      `Marquez la section \`-- migrate:${d.section} transaction:false\` : ses instructions s’exécutent alors une à une hors transaction (avec une sauvegarde à restaurer si l’une échoue en cours de route).`,
  },
  TRANSACTION_CONTROL_IN_MIGRATION: {
    message: (d) =>
      `${d.file}:${d.line} : ${d.statement} terminerait ou modifierait la transaction dans laquelle s’exécute la section ${d.section} de ${d.name}`,
    hint: (d) =>
      `Retirez-la : dihya-migrate valide ou annule lui-même chaque migration. Une section qui doit gérer ses propres transactions se marque \`-- migrate:${d.section} transaction:false\`.`,
  },
  ENUM_VALUE_USED_TOO_EARLY: {
    message: (d) =>
      `${d.file}:${d.line} : la valeur d’énumération '${d.value}' ajoutée à ${d.type} ligne ${d.addedAt} est utilisée dans la même transaction (section ${d.section} de ${d.name}) ; PostgreSQL la refuse tant qu’elle n’est pas validée`,
    hint: (d) =>
      `Déplacez les instructions qui utilisent la nouvelle valeur dans une migration suivante, ou marquez la section \`-- migrate:${d.section} transaction:false\`.`,
  },
  CHECK_TABLE_UNKNOWN: {
    message: (d) =>
      `Migration ${d.name} : checks.${d.check} nomme ${d.column === undefined ? `la table ${d.table}` : `la colonne ${d.table}.${d.column}`}, qui n’existe pas et qu’aucune migration en attente jusqu’à celle-ci ne crée`,
    hint: () => 'Corrigez le nom (tel que la base le nomme ; `dihya-migrate status` et `plan` montrent les tables), ou retirez l’entrée.',
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
  PLAN_MIGRATION_FAILS: {
    message: (d) =>
      `La migration ${d.name} échoue sur une copie de la base sans données : ${d.reason}` +
      (d.notTried > 0 ? ` (${d.notTried} migration(s) suivante(s) non essayée(s))` : ''),
    hint: (d) => `\`dihya-migrate up\` s’arrêterait à ${d.name} : corrigez-la, puis relancez \`dihya-migrate plan\`. Rien n’a été changé.`,
  },
  NOTHING_TO_UNDO: {
    message: (d) =>
      `La migration ${d.version} n’a laissé aucun enregistrement permettant de l’annuler (elle n’a rien changé d’irréversible, ou les sauvegardes étaient désactivées)`,
    hint: (d) => `Vérifiez la base, puis réglez-la avec \`dihya-migrate resolve ${d.version} --applied\` ou \`--rolled-back\`.`,
  },
  COPY_FROM_STDIN_UNSUPPORTED: {
    message: (d) => `COPY … FROM stdin est une instruction PostgreSQL : ${d.dialect} ne peut pas l’exécuter`,
    hint: () => 'Chargez les lignes avec des INSERT (ou l’outil de chargement propre à la base) à la place.',
  },
};
