import type { rehearseEn } from './rehearse-en.ts';

/** Les textes de `rehearse` et de `lint`, en français. */
export const rehearseFr: typeof rehearseEn = {
  rehearsal: {
    help: {
      rehearse:
        'essayer les migrations en attente sur une copie complète des données (base jetable sur le même serveur) : up, chaque down à rebours, up de nouveau ; écrit un reçu',
      to: 'répéter les migrations en attente jusqu’à cette version incluse',
      anonymize: 'anonymiser d’abord la copie, comme `anonymize` (privacy.columns et DIHYA_PRIVACY_KEY requis)',
      lint: 'vérifier les migrations en attente (ou tous les fichiers avec --all) selon les règles de lint ; code 1 si un constat est une erreur',
      lintAll: 'vérifier tous les fichiers de migration, y compris ceux déjà appliqués',
      lintRules: 'lister les règles avec leur id, leur gravité et leur explication',
    },
    nothing: 'rien en attente : rien à répéter',
    copied: (target, ms, anonymized) => `${target} copiée dans une base jetable en ${ms} ms${anonymized ? ', anonymisée' : ''}`,
    migration: (name) => `-- ${name}`,
    step: (pass, ms, ok) => `  ${pass} : ${ok ? 'ok' : 'ÉCHEC'} en ${ms} ms`,
    rows: (rows) => `    lignes modifiées : ${rows}`,
    schema: (changes) => `    schéma : ${changes}`,
    noSchemaChange: 'aucun changement',
    locks: (locks) => `    verrous : ${locks}`,
    roundTrip: {
      ok: '  aller-retour : ok (schéma et nombres de lignes comme avant up)',
      'no-down': '  aller-retour : non vérifié (pas de down)',
      differs: '  aller-retour : DIFFÉRENT',
      'not-run': '  aller-retour : pas exécuté',
    },
    difference: (text) => `    ${text}`,
    passed: (n, ms, seq) => `répétition réussie : ${n} migration(s) en ${ms} ms ; reçu n°${seq} écrit dans l’audit ; la copie a été supprimée`,
    failed: (seq) => `répétition en ÉCHEC ; reçu n°${seq} (échec) écrit dans l’audit ; la copie a été supprimée, la production n’a pas été touchée`,
    statusRehearsed: (at) => `répétition : les migrations en attente ont été répétées le ${at} (le reçu correspond aux fichiers et au schéma)`,
    statusNotRehearsed: (reason, required) =>
      `répétition : les migrations en attente ne sont pas répétées (${reason})${required ? ' ; `up` refusera (rehearsal.required)' : ''}`,
  },
  lint: {
    finding: (where, severity, rule, message) => `${where} : ${severity} [${rule}] ${message}`,
    why: (text) => `  pourquoi : ${text}`,
    fix: (text) => `  correction : ${text}`,
    allowed: (reason) => `  autorisé par la migration : ${reason}`,
    none: 'lint : aucun constat',
    summary: (errors, warnings, allowed) => `lint : ${errors} erreur(s), ${warnings} avertissement(s)${allowed > 0 ? `, ${allowed} autorisé(s)` : ''}`,
    severities: { error: 'erreur', warning: 'avertissement' },
    rulesHeaders: ['id', 'gravité', 'dialectes', 'explication'],
    allDialects: 'tous',
    rules: {
      'drop-table': {
        explanation: 'Supprimer une table perd ses données et casse toute version de l’application qui la lit encore.',
        hint: 'Cessez d’abord d’utiliser la table dans une version, gardez une sauvegarde, puis supprimez-la dans une migration ultérieure avec lint.allow et une raison.',
      },
      'drop-column': {
        explanation: 'Supprimer une colonne perd ses données et casse le code qui la lit ou l’écrit encore.',
        hint: 'Cessez d’abord de lire et d’écrire la colonne (expand/contract), puis supprimez-la dans une migration ultérieure.',
      },
      'rename-table': {
        explanation: 'Renommer une table est incompatible avec la version en service : elle utilise encore l’ancien nom.',
        hint: 'Créez la nouvelle table (ou une vue du nouveau nom), basculez le code, puis supprimez l’ancienne plus tard.',
      },
      'rename-column': {
        explanation: 'Renommer une colonne est incompatible avec la version en service : elle utilise encore l’ancien nom.',
        hint: 'Ajoutez la nouvelle colonne, écrivez les deux, remplissez-la, basculez les lectures, puis supprimez l’ancienne plus tard.',
      },
      'not-null-without-default': {
        explanation: 'Une colonne NOT NULL sans valeur par défaut sur une table qui a des lignes échoue sur les lignes existantes.',
        hint: 'Ajoutez la colonne nullable (ou avec une valeur par défaut), remplissez-la, puis posez NOT NULL dans une migration ultérieure.',
      },
      'column-type-change': {
        explanation:
          'Changer le type d’une colonne réécrit en général toute la table sous un verrou exclusif, et peut échouer sur des valeurs non convertibles.',
        hint: 'Ajoutez une colonne du nouveau type, remplissez-la par lots, basculez le code, puis supprimez l’ancienne ; répétez d’abord sur une copie des données.',
      },
      'pg-index-not-concurrent': {
        explanation: 'CREATE INDEX sans CONCURRENTLY bloque toute écriture sur une grande table jusqu’à la fin de la construction.',
        hint: 'Utilisez CREATE INDEX CONCURRENTLY dans une migration transactional: false (SQL : -- migrate:up transaction:false).',
      },
      'pg-fk-not-valid': {
        explanation: 'Ajouter une clé étrangère à une table existante vérifie chaque ligne sous un verrou qui bloque les écritures des deux tables.',
        hint: 'Ajoutez-la avec NOT VALID, puis ALTER TABLE … VALIDATE CONSTRAINT dans une migration ultérieure (verrou plus faible).',
      },
      'update-delete-without-where': {
        explanation: 'Un UPDATE ou un DELETE sans WHERE modifie toutes les lignes de la table.',
        hint: 'Ajoutez une clause WHERE ; si toutes les lignes sont visées, dites-le avec lint.allow et une raison.',
      },
      'no-down': {
        explanation: 'Une migration sans down ne peut pas être annulée, et `rehearse` ne peut pas vérifier son aller-retour.',
        hint: 'Écrivez un down qui remet le schéma (et les lignes) comme avant up.',
      },
      'non-transactional-ddl': {
        explanation: 'La migration tourne hors transaction alors qu’aucune instruction ne l’exige : un échec à mi-chemin laisse des changements partiels.',
        hint: 'Retirez transactional: false (SQL : transaction:false) sauf si une instruction l’exige, par ex. CREATE INDEX CONCURRENTLY.',
      },
      'money-float': {
        explanation: 'Un montant dans une colonne à virgule flottante perd des centimes à l’arrondi (0,1 + 0,2 ≠ 0,3).',
        hint: 'Utilisez numeric/decimal (par ex. numeric(12,2)) ou un nombre entier de centimes.',
      },
    },
    /** Le texte d’une règle de pack sectoriel : le sien en français, ou l’anglais s’il n’en donne pas. */
    contributedText: (english, french) => `${french ?? english}`,
  },
};
