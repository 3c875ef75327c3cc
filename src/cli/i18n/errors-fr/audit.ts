import type { FrenchErrors } from './french-text.ts';
import type { auditErrors } from '../../../errors/codes/audit.ts';

/** Le texte français des erreurs de `audit`, avec les mêmes `details` que le texte anglais. */
export const auditErrorsFr: FrenchErrors<typeof auditErrors> = {
  AUDIT_BROKEN: {
    message: (d) => `Le journal d’audit ${d.file} et son miroir en base divergent à l’entrée ${d.seq} : ${d.reason}`,
    hint: () => 'Lancez `dihya-migrate audit verify` pour voir chaque problème. Mettez le fichier abîmé de côté pour le reconstruire depuis le miroir.',
  },
  AUDIT_TAMPERED: {
    message: (d) =>
      `Échec de la vérification de l’audit : entrée ${d.seq}${d.fileLine ? ` (ligne ${d.fileLine} de ${d.file})` : ''} : ${d.reason}${Number(d.more) > 0 ? ` (et ${d.more} autre(s) problème(s))` : ''}`,
    hint: () => 'Le journal d’audit a été modifié en dehors de dihya-migrate. Comparez-le avec la table miroir en base et vos copies.',
  },
};
