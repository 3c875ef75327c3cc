import type { FrenchErrors } from './french-text.ts';
import type { backupErrors } from '../../../errors/codes/backup.ts';

/** Le texte français des erreurs de `backup`, avec les mêmes `details` que le texte anglais. */
export const backupErrorsFr: FrenchErrors<typeof backupErrors> = {
  BACKUP_FAILED: {
    message: (d) => `La sauvegarde de ${d.url} a échoué : ${d.reason}`,
    hint: () => 'Rien n’a été migré. Vérifiez l’espace disque et les outils de sauvegarde (pg_dump, mariadb-dump), ou réglez backup.method.',
  },
  BACKUP_NOT_FOUND: {
    message: (d) => `Aucune sauvegarde ${d.id} pour cette base`,
    hint: () => 'Lancez `dihya-migrate backup list` pour voir les sauvegardes de cette base.',
  },
  BACKUP_CORRUPT: {
    message: (d) => `La sauvegarde ${d.id} est abîmée : ${d.reason}`,
    hint: () => 'Ne la restaurez pas ; utilisez-en une autre (`dihya-migrate backup list`).',
  },
  BACKUP_VERIFY_FAILED: {
    message: (d) => `La sauvegarde ${d.id} ne se restaure pas à l’identique de ce qu’elle a enregistré : ${d.reason}`,
    hint: () => 'Ne comptez pas sur cette sauvegarde ; faites-en une nouvelle avec `dihya-migrate backup create` et vérifiez-la.',
  },
  RESTORE_FAILED: {
    message: (d) => `La restauration de la sauvegarde ${d.id} a échoué : ${d.reason}`,
    hint: () =>
      'La base est peut-être incomplète. Restaurez de nouveau depuis la même sauvegarde ou une plus ancienne ; l’état d’avant cette restauration a été sauvegardé.',
  },
  RESTORE_NEEDS_CONFIRMATION: {
    message: (d) => `Restaurer la sauvegarde ${d.id} remplace toute la base ${d.url}`,
    hint: () => 'Relancez avec --yes pour confirmer. L’état actuel est sauvegardé d’abord.',
  },
  RESTORE_INTERRUPTED: {
    message: (d) =>
      `Une restauration de la sauvegarde ${d.id} commencée le ${d.startedAt} a été interrompue` +
      (d.atomic === 'yes' ? ' (elle a été annulée : la base est comme avant cette restauration)' : ' : la base peut être en partie restaurée'),
    hint: (d) =>
      `Restaurez-la à nouveau : \`dihya-migrate backup restore ${d.id} --yes\`` +
      (d.atomic === 'yes' ? ', ou, pour garder la base telle quelle, `dihya-migrate resolve --abandon-restore`.' : '. Rien d’autre ne tourne d’ici là.'),
  },
  BACKUP_PINNED: {
    message: (d) => `La sauvegarde ${d.id} est épinglée`,
    hint: (d) => `Désépinglez-la d’abord avec \`dihya-migrate backup unpin ${d.id}\` si elle doit vraiment partir.`,
  },
};
