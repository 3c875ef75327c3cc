import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAuditLine, GENESIS_HASH, type AuditEntry } from '../audit/audit-line.ts';
import { MANIFEST_FILE } from '../backup/backup-manifest.ts';
import { layoutSourceFiles } from '../layouts/layout-source-files.ts';
import { redactDeep } from '../privacy/redaction/redact.ts';
import { BUNDLE_PATHS } from './bundle-layout.ts';
import type { BundleSource } from './bundle-source.ts';
import type { TreeFile } from './unixfs-tree.ts';

/** The files of a bundle (all but `index.json`) and what the index says about the audit. */
export interface BundleContents {
  files: TreeFile[];
  audit: { entries: number; head: { seq: number; hash: string } };
  /** Root CID of the last export recorded in the audit, or null. */
  previousExport: string | null;
}

/**
 * Reads what a bundle holds from the local state: the migration files (as they are on disk, every
 * file the folder's layout reads, under their paths in the folder), the
 * history (rendered as JSON, redacted like every output), the audit log file, and this database's
 * backup manifests (never backup data). Call it under the migration lock, after the audit was
 * reconciled with its mirror, so nothing changes while it reads.
 *
 * @example
 * const { files, audit } = await collectBundleContents(migrator)
 */
export async function collectBundleContents(source: BundleSource): Promise<BundleContents> {
  const files: TreeFile[] = [];
  // every file the folder's layout reads (a Sqitch plan and its scripts, Flyway's undo and .conf files…), at its place in the folder
  for (const file of layoutSourceFiles(source.config.migrationsDir, source.config.layout)) {
    files.push({ path: BUNDLE_PATHS.migration(file), bytes: readFileSync(path.join(source.config.migrationsDir, file)) });
  }
  const history = redactDeep(await source.history.read());
  files.push({ path: BUNDLE_PATHS.history, bytes: Buffer.from(`${JSON.stringify(history, null, 2)}\n`) });

  // Under the lock, after `run.start`: the file exists and matches the mirror.
  const auditBytes = readFileSync(source.safety.audit.file);
  files.push({ path: BUNDLE_PATHS.audit, bytes: auditBytes });

  for (const manifest of source.safety.backups.list()) {
    const file = path.join(source.safety.backups.folder, manifest.id, MANIFEST_FILE);
    files.push({ path: BUNDLE_PATHS.backupManifest(manifest.id), bytes: readFileSync(file) });
  }
  const lines = auditBytes.toString('utf8').split('\n').filter(Boolean);
  return { files, audit: { entries: lines.length, head: headOf(lines) }, previousExport: lastExport(lines) };
}

/**
 * The last entry of an audit (sequence number and hash), or the genesis when it is empty. The
 * lines must be a verified chain (every line decodes).
 *
 * @example
 * headOf(readFileSync(file, 'utf8').split('\n').filter(Boolean)) // { seq: 12, hash: '9f…' }
 */
export function headOf(lines: readonly string[]): { seq: number; hash: string } {
  const last = decodedEntries(lines.slice(-1))[0];
  return last ? { seq: last.entry.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/** The CID of the last `dweb.exported` entry, or null. */
function lastExport(lines: readonly string[]): string | null {
  const last = decodedEntries(lines)
    .filter((d) => d.entry.event === 'dweb.exported')
    .at(-1);
  return last ? String(last.entry.cid) : null;
}

function decodedEntries(lines: readonly string[]): { entry: AuditEntry; hash: string }[] {
  return lines.map(decodeAuditLine).flatMap((d) => (d.ok ? [d] : []));
}
