import type { FrenchErrors } from './french-text.ts';
import type { auditErrors, AuditKeyFlaw } from '../../../errors/codes/audit.ts';

const DEFAUTS_DE_CLE: Record<AuditKeyFlaw, string> = {
  empty: 'est définie mais vide',
  spaces: 'commence ou finit par une espace ou un saut de ligne',
  control: 'contient un caractère de contrôle (saut de ligne, tabulation…)',
};

/** Le texte français des erreurs de `audit`, avec les mêmes `details` que le texte anglais. */
export const auditErrorsFr: FrenchErrors<typeof auditErrors> = {
  AUDIT_BROKEN: {
    message: (d) => `Le journal d’audit ${d.file} et son miroir en base divergent à l’entrée ${d.seq} : ${d.reason}`,
    hint: () =>
      'Lancez `dihya-migrate audit verify` pour voir chaque problème. Mettre le fichier abîmé de côté fait reconstruire, par la commande suivante, ' +
      'le fichier depuis le miroir en base tel qu’il est : ne le faites qu’une fois le miroir jugé fiable (comparez-le avec vos copies). ' +
      'Avec DIHYA_AUDIT_KEY, la reconstruction vérifie d’abord le miroir avec la clé ; sans elle, un miroir falsifié serait recopié tel quel.',
  },
  AUDIT_TAMPERED: {
    message: (d) => `Échec de la vérification de l’audit, ${d.count} problème(s) dans ${d.file} et son miroir en base :\n${d.problems}`,
    hint: () => 'Le journal d’audit a été modifié en dehors de dihya-migrate. Comparez-le avec la table miroir en base et vos copies.',
  },
  AUDIT_KEY_INVALID: {
    message: (d) => `DIHYA_AUDIT_KEY ${DEFAUTS_DE_CLE[d.reason] ?? 'est inutilisable'}`,
    hint: () =>
      'Donnez à DIHYA_AUDIT_KEY la clé de votre coffre à secrets telle quelle (créée une fois, par ex. avec `openssl rand -hex 32`), ou retirez-la pour travailler sans clé.',
  },
  AUDIT_KEY_TOO_SHORT: {
    message: (d) => `DIHYA_AUDIT_KEY fait ${d.length} caractères ; il en faut au moins ${d.minimum}`,
    hint: () => 'Prenez une clé aléatoire plus longue, par ex. `openssl rand -hex 32`, gardée dans votre coffre à secrets (jamais dans la config ni en base).',
  },
  AUDIT_KEY_MISMATCH: {
    message: (d) => `L’audit ${d.file} a été scellé avec une autre DIHYA_AUDIT_KEY que celle définie`,
    hint: () =>
      'Donnez à DIHYA_AUDIT_KEY la clé qui a scellé cet audit. Si elle est perdue, l’audit ne peut plus être vérifié avec une clé : notez-le dans vos registres.',
  },
  AUDIT_KEY_REQUIRED: {
    message: (d) => `L’audit ${d.file} est scellé avec DIHYA_AUDIT_KEY (jusqu’à l’entrée ${d.seq}), et DIHYA_AUDIT_KEY n’est pas définie`,
    hint: () => 'Définissez DIHYA_AUDIT_KEY depuis votre coffre à secrets : des entrées écrites sans elle briseraient le sceau.',
  },
  AUDIT_HISTORY_MISMATCH: {
    message: (d) =>
      `L’audit enregistre ${d.count} migration(s) comme appliquée(s) sans ligne dans l’historique, que \`up\` appliquerait donc une seconde fois : ${d.versions}`,
    hint: () =>
      'Quelqu’un a supprimé des lignes de l’historique. Lancez `dihya-migrate audit verify` pour voir chaque problème. Si les changements de ces migrations ' +
      'sont toujours en base, remettez leurs lignes d’historique ; s’ils ont été défaits à la main, enregistrez-le avec `dihya-migrate resolve <version> --rolled-back`.',
  },
};
