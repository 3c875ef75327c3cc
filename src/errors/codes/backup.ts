import { input, runtime } from '../error-text.ts';

/** Errors of backups and restores. */
export const backupErrors = {
  BACKUP_FAILED: runtime<{ url: string; reason: string }>(
    (d) => `Backup of ${d.url} failed: ${d.reason}`,
    () => 'Nothing was migrated. Check disk space and the backup tools (pg_dump, mariadb-dump), or set backup.method.',
  ),
  BACKUP_NOT_FOUND: input<{ id: string }>(
    (d) => `No backup ${d.id} for this database`,
    () => 'Run `dihya-migrate backup list` to see the backups of this database.',
  ),
  BACKUP_CORRUPT: runtime<{ id: string; reason: string }>(
    (d) => `Backup ${d.id} is damaged: ${d.reason}`,
    () => 'Do not restore it; use another backup (`dihya-migrate backup list`).',
  ),
  BACKUP_VERIFY_FAILED: runtime<{ id: string; reason: string }>(
    (d) => `Backup ${d.id} does not restore to what it recorded: ${d.reason}`,
    () => 'Do not rely on this backup; take a new one with `dihya-migrate backup create` and verify it.',
  ),
  RESTORE_FAILED: runtime<{ id: string; reason: string }>(
    (d) => `Restoring backup ${d.id} failed: ${d.reason}`,
    () => 'The database may be incomplete. Restore again from the same or an older backup; a backup of the state before this restore was taken first.',
  ),
  RESTORE_NEEDS_CONFIRMATION: input<{ id: string; url: string }>(
    (d) => `Restoring backup ${d.id} replaces the whole database ${d.url}`,
    () => 'Run again with --yes to confirm. A backup of the current state is taken first.',
  ),
  RESTORE_INTERRUPTED: runtime<{ id: string; startedAt: string; atomic: 'yes' | 'no' }>(
    (d) =>
      `A restore of backup ${d.id} started at ${d.startedAt} was interrupted` +
      (d.atomic === 'yes' ? ' (it rolled back: the database is as it was before that restore)' : ': the database may be partly restored'),
    (d) =>
      `Restore it again: \`dihya-migrate backup restore ${d.id} --yes\`` +
      (d.atomic === 'yes' ? ', or, to keep the database as it is, `dihya-migrate resolve --abandon-restore`.' : '. Nothing else runs until then.'),
  ),
  BACKUP_PINNED: input<{ id: string }>(
    (d) => `Backup ${d.id} is pinned`,
    (d) => `Unpin it first with \`dihya-migrate backup unpin ${d.id}\` if it really should go.`,
  ),
};
