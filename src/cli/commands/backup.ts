import { DihyaError } from '../../errors/dihya-error.ts';
import { formatTable } from '../format-table.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `backup list`: this database's backups, newest first. */
export async function backupListCommand(globals: GlobalOptions): Promise<CommandResult> {
  const manifests = await withMigrator(globals, async (m) => m.safety.backups.list());
  const text =
    manifests.length === 0
      ? [globals.m.backup.none]
      : formatTable(
          globals.m.backup.headers,
          manifests.map((b) => [
            b.id,
            b.method,
            formatBytes(b.totalSize),
            String(Object.keys(b.rowCounts).length),
            String(Object.values(b.rowCounts).reduce((a, n) => a + n, 0)),
            b.reason,
          ]),
        );
  return { json: { backups: manifests }, text };
}

/** `backup create`: a backup now, under the migration lock. */
export async function backupCreateCommand(globals: GlobalOptions, options: { reason?: string }): Promise<CommandResult> {
  const manifest = await withMigrator(globals, (m) => m.backupNow(options.reason ?? 'manual'));
  return { json: { backup: manifest }, text: [globals.m.backup.created(manifest.id, manifest.method, formatBytes(manifest.totalSize), manifest.durationMs)] };
}

/** `backup verify [id]`: restore into a scratch database and compare; exit 1 when it differs. */
export async function backupVerifyCommand(globals: GlobalOptions, id = 'latest'): Promise<CommandResult> {
  const { manifest, differences, erasuresAfter } = await withMigrator(globals, (m) => m.verifyBackup(id));
  if (differences.length > 0) throw new DihyaError('BACKUP_VERIFY_FAILED', { id: manifest.id, reason: differences.join('; ') });
  const tables = Object.keys(manifest.rowCounts).length;
  return {
    json: { backup: manifest.id, identical: true, erasuresAfter },
    text: [globals.m.backup.verified(manifest.id, tables), ...(erasuresAfter > 0 ? [globals.m.privacy.backupPredates(erasuresAfter)] : [])],
  };
}

/** `backup restore <id> --yes`: replace the database with a backup (a backup of the current state is taken first). */
export async function backupRestoreCommand(globals: GlobalOptions, id: string, options: { yes?: boolean }): Promise<CommandResult> {
  const result = await withMigrator(globals, async (m) => {
    if (!options.yes) throw new DihyaError('RESTORE_NEEDS_CONFIRMATION', { id, url: m.target.displayUrl });
    return m.restore(id);
  });
  if (result.differences.length > 0)
    throw new DihyaError('RESTORE_FAILED', { id: result.restored.id, reason: `the restored database differs: ${result.differences.join('; ')}` });
  return {
    json: { restored: result.restored.id, safetyBackup: result.safetyBackup.id, identical: true },
    text: [globals.m.backup.restored(result.restored.id), globals.m.backup.safetyBackup(result.safetyBackup.id)],
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
