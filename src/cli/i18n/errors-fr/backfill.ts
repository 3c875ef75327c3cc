import type { backfillErrors } from '../../../errors/codes/backfill.ts';
import type { FrenchErrors } from './french-text.ts';

/** Le texte français des erreurs des backfills, avec les mêmes `details` que le texte anglais. */
export const backfillErrorsFr: FrenchErrors<typeof backfillErrors> = {
  BACKFILL_NOT_DECLARED: {
    message: (d) => `La migration ${d.name} appelle backfill() sans se déclarer backfill`,
    hint: () =>
      'Ajoutez `backfill: true` à son defineMigration({ … }) : un backfill s’exécute par lots, chacun dans sa propre transaction, hors d’une transaction de migration.',
  },
  BACKFILL_TRANSACTIONAL: {
    message: (d) => `La migration ${d.name} est un backfill et ne peut pas ${d.reason}`,
    hint: () => 'Un backfill valide lot par lot : laissez `transactional` non défini (ou false) et lancez-le sans --atomic.',
  },
  BACKFILL_OPTIONS_INVALID: {
    message: (d) => `backfill() dans ${d.name} : ${d.field} ${d.problem}`,
    hint: () =>
      'Appelez backfill({ table, set ou update, key?, where?, batchSize?, targetBatchMs?, throttle? }) sur une table dotée d’une clé primaire (ou donnez `key`), avec `set` ou `update`.',
  },
  BACKFILL_FAILED: {
    message: (d) => `Le backfill ${d.label} de la migration ${d.name} s’est arrêté après ${d.done} ligne(s) : ${d.reason}`,
    hint: () =>
      'Les lots déjà faits sont validés avec leur point de reprise ; rien n’a été restauré. Corrigez la cause et relancez `up` : le backfill reprend après son dernier lot, et aucune ligne n’est modifiée deux fois.',
  },
  BACKFILL_ROWS_LEFT: {
    message: (d) => `Le backfill ${d.label} de la migration ${d.name} laisse ${d.rows} ligne(s) répondant à sa condition après ${d.passes} passe(s)`,
    hint: () =>
      'Des lignes répondant à `where` continuent d’apparaître (des écrivains exécutent encore l’ancien code ?). Déployez le code qui écrit les nouvelles valeurs, puis relancez `up` : le backfill commence une nouvelle passe.',
  },
};
