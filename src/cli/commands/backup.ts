import { DihyaError } from '../../errors/dihya-error.ts';
import { formatTable } from '../format-table.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressDisplay } from '../progress.ts';

/** `backup list`: this database's backups, newest first. */
export async function backupListCommand(globals: GlobalOptions): Promise<CommandResult> {
  const { manifests, unreadable, pinned } = await withMigrator(globals, async (m) => {
    const manifests = m.safety.backups.list();
    return { manifests, unreadable: m.safety.backups.unreadable(), pinned: new Set(manifests.filter((b) => m.safety.backups.isPinned(b.id)).map((b) => b.id)) };
  });
  const t = globals.m.backup;
  const text =
    manifests.length === 0
      ? [t.none]
      : formatTable(
          t.headers,
          manifests.map((b) => [
            b.id,
            b.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
            `${b.kind ?? 'run'}${pinned.has(b.id) ? t.pinned : ''}`,
            b.method,
            formatBytes(b.totalSize),
            b.tables ? b.tables.join(', ') : String(Object.keys(b.rowCounts).length),
            b.lastApplied ?? '-',
            b.reason,
          ]),
        );
  for (const broken of unreadable) text.push(t.unreadable(broken.id, broken.reason));
  return { json: { backups: manifests.map((b) => ({ ...b, pinned: pinned.has(b.id) })), unreadable }, text };
}

/** `backup pin <id>` / `backup unpin <id>`: retention keeps a pinned backup. */
export async function backupPinCommand(globals: GlobalOptions, id: string, pinned: boolean): Promise<CommandResult> {
  const manifest = await withMigrator(globals, (m) => m.pinBackup(id, pinned));
  return { json: { backup: manifest.id, pinned }, text: [pinned ? globals.m.backup.pinnedNow(manifest.id) : globals.m.backup.unpinnedNow(manifest.id)] };
}

/** `backup prune [--keep n] [--older-than 30d]`: remove old backups now. */
export async function backupPruneCommand(globals: GlobalOptions, options: { keep?: string; olderThan?: string }): Promise<CommandResult> {
  const keep = options.keep === undefined ? undefined : Number(options.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
    throw new DihyaError('USAGE', { usage: 'whole-number', option: '--keep <n>', min: 1, value: String(options.keep) });
  const olderThanMs = options.olderThan === undefined ? undefined : parseDuration(options.olderThan);
  const removed = await withMigrator(globals, (m) =>
    m.pruneBackups({ ...(keep !== undefined ? { keep } : {}), ...(olderThanMs !== undefined ? { olderThanMs } : {}) }),
  );
  return { json: { removed }, text: [globals.m.backup.pruned(removed)] };
}

/** A duration like `30d`, `12h`, `90m`, `45s` in ms; USAGE error otherwise. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(d|h|m|s)$/.exec(text.trim());
  if (!match) throw new DihyaError('USAGE', { usage: 'duration', option: '--older-than', value: text });
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[match[2] as 'd' | 'h' | 'm' | 's'];
  return Number(match[1]) * unit;
}

/** `backup create`: a backup now, under the migration lock. */
export async function backupCreateCommand(globals: GlobalOptions, options: { reason?: string }, io?: CliIo): Promise<CommandResult> {
  const manifest = await withMigrator(globals, (m) => m.backupNow(options.reason ?? 'manual'), io && progressDisplay(io, globals.m, !globals.json));
  return { json: { backup: manifest }, text: [globals.m.backup.created(manifest.id, manifest.method, formatBytes(manifest.totalSize), manifest.durationMs)] };
}

/** `backup verify [id]`: restore into a scratch database and compare; exit 1 when it differs. */
export async function backupVerifyCommand(globals: GlobalOptions, id = 'latest', io?: CliIo): Promise<CommandResult> {
  const { manifest, erasuresAfter } = await withMigrator(
    globals,
    async (m) => {
      const verified = await m.verifyBackup(id);
      if (verified.differences.length > 0) throw new DihyaError('BACKUP_VERIFY_FAILED', { id: verified.manifest.id, reason: verified.differences.join('; ') });
      return verified;
    },
    io && progressDisplay(io, globals.m, !globals.json),
  );
  const tables = Object.keys(manifest.rowCounts).length;
  return {
    json: { backup: manifest.id, identical: true, erasuresAfter },
    text: [globals.m.backup.verified(manifest.id, tables), ...(erasuresAfter > 0 ? [globals.m.privacy.backupPredates(erasuresAfter)] : [])],
  };
}

/** `backup restore <id> --yes`: replace the database with a backup (a backup of the current state is taken first). */
export async function backupRestoreCommand(globals: GlobalOptions, id: string, options: { yes?: boolean }, io?: CliIo): Promise<CommandResult> {
  const result = await withMigrator(
    globals,
    async (m) => {
      if (!options.yes) throw new DihyaError('RESTORE_NEEDS_CONFIRMATION', { id, url: m.target.displayUrl });
      const restored = await m.restore(id);
      if (restored.differences.length > 0) {
        throw new DihyaError('RESTORE_FAILED', { id: restored.restored.id, reason: `the restored database differs: ${restored.differences.join('; ')}` });
      }
      return restored;
    },
    io && progressDisplay(io, globals.m, !globals.json),
  );
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
