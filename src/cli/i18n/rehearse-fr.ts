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
};
