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
};
