import type { FrenchErrors } from './french-text.ts';
import type { rehearseErrors } from '../../../errors/codes/rehearse.ts';

/** Le texte français des erreurs de `rehearse` et de `lint`, avec les mêmes `details` que le texte anglais. */
export const rehearseErrorsFr: FrenchErrors<typeof rehearseErrors> = {
  REHEARSAL_REQUIRED: {
    message: (d) => `Aucune répétition réussie ne couvre les migrations à appliquer (${d.pending}) : ${d.reason}`,
    hint: () =>
      'Lancez d’abord `dihya-migrate rehearse` (avec le même --to) sur cette base : il les essaie sur une copie des données ; puis relancez `up`. C’est `rehearsal.required` dans dihya.config.ts qui l’exige.',
  },
  REHEARSAL_FAILED: {
    message: (d) => `La répétition a échoué (${d.phase}${d.name ? ` de ${d.name}` : ''}) : ${d.reason}`,
    hint: () =>
      'La production n’a pas été touchée. Corrigez la migration (elle échoue sur les vraies données, ou son down ne défait pas son up) et répétez-la.',
  },
  LINT_FAILED: {
    message: (d) => `Le lint a trouvé ${d.count} erreur(s) : ${d.rules}`,
    hint: () =>
      "Corrigez chaque constat comme l’indique son conseil, ou faites taire une règle dans cette migration avec `lint: { allow: ['<id>'], reason: '…' }` (SQL : `-- dihya:lint allow=<id> reason=\"…\"`).",
  },
  LINT_BLOCKED: {
    message: (d) => `${d.command ?? 'up'} refusé : le lint a trouvé ${d.count} erreur(s) dans les migrations en attente : ${d.rules}`,
    hint: () =>
      'Lancez `dihya-migrate lint` pour voir chaque constat et sa correction ; `lint.onUp` dans dihya.config.ts dit si les erreurs bloquent `up` (error), sont affichées (warn) ou ignorées (off).',
  },
  LINT_ALLOW_INVALID: {
    message: (d) => `Exception de lint invalide dans ${d.name} : ${d.reason}`,
    hint: () => "Écrivez `lint: { allow: ['<id de règle>'], reason: 'pourquoi c’est sûr ici' }` avec des id listés par `dihya-migrate lint --rules`.",
  },
};
