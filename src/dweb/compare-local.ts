import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAuditLine } from '../audit/audit-line.ts';
import { auditTampered } from '../audit/audit-problems.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { layoutSourceFiles } from '../layouts/layout-source-files.ts';
import { sha256Of } from './bundle-index.ts';
import { BUNDLE_PATHS } from './bundle-layout.ts';
import type { BundleSource } from './bundle-source.ts';
import type { OpenedBundle } from './open-bundle.ts';

/** How the local audit relates to a bundle's: the exported entries, and how many came after. */
export interface AuditComparison {
  exported: number;
  later: number;
}

/**
 * Checks that the local audit is the bundle's audit plus later entries only, the first of them the
 * `dweb.exported` entry that recorded this bundle's CID. The local audit must be intact first
 * (every hash, link, and the database mirror: AUDIT_TAMPERED otherwise); then a rewrite that kept
 * file and mirror consistent is caught here, naming the first diverging entry (DWEB_AUDIT_DIVERGED).
 *
 * @example
 * const { later } = await compareAudit(migrator, await openBundle('bundle.car'))
 */
export async function compareAudit(source: BundleSource, bundle: OpenedBundle): Promise<AuditComparison> {
  const auditFile = source.safety.audit.file;
  const report = await source.safety.audit.verify();
  if (report.problems.length > 0) throw auditTampered(report.problems, path.basename(auditFile));
  const local = existsSync(auditFile) ? readFileSync(auditFile, 'utf8').split('\n').filter(Boolean) : [];
  const file = path.basename(bundle.file);
  const exported = bundle.auditLines;
  for (const [i, line] of exported.entries()) {
    const seq = seqOf(line, i + 1);
    if (local[i] === undefined) throw new DihyaError('DWEB_AUDIT_DIVERGED', { file, seq, how: 'missing' });
    if (local[i] !== line) throw new DihyaError('DWEB_AUDIT_DIVERGED', { file, seq, how: 'changed' });
  }
  const next = local[exported.length];
  const decoded = next === undefined ? undefined : decodeAuditLine(next);
  if (!decoded?.ok || decoded.entry.event !== 'dweb.exported' || decoded.entry.cid !== bundle.root.toString()) {
    throw new DihyaError('DWEB_AUDIT_DIVERGED', { file, seq: bundle.index.audit.head.seq + 1, how: 'not-recorded' });
  }
  return { exported: exported.length, later: local.length - exported.length };
}

/** How the migrations folder relates to a bundle's: files exported and unchanged, and files added since. */
export interface MigrationComparison {
  unchanged: number;
  added: string[];
}

/**
 * Checks that every migration file of the bundle is in the migrations folder, byte for byte. Files
 * added since the export are listed, not refused (a later export will hold them).
 *
 * @example
 * const { added } = compareMigrations(migrator, bundle) // ['20261201000000_add_index.sql']
 */
export function compareMigrations(source: BundleSource, bundle: OpenedBundle): MigrationComparison {
  const file = path.basename(bundle.file);
  const dir = source.config.migrationsDir;
  const local = new Map(layoutSourceFiles(dir, source.config.layout).map((name) => [name, path.join(dir, name)]));
  let unchanged = 0;
  const exported = new Set<string>();
  for (const [bundlePath, bytes] of bundle.files) {
    if (!bundlePath.startsWith(BUNDLE_PATHS.migrationsFolder)) continue;
    const name = bundlePath.slice(BUNDLE_PATHS.migrationsFolder.length);
    exported.add(name);
    const localFile = local.get(name);
    if (!localFile) throw new DihyaError('DWEB_VERIFY_FAILED', { file, problem: 'migration-missing', subject: name });
    if (sha256Of(readFileSync(localFile)) !== sha256Of(bytes))
      throw new DihyaError('DWEB_VERIFY_FAILED', { file, problem: 'migration-changed', subject: name });
    unchanged++;
  }
  return { unchanged, added: [...local.keys()].filter((name) => !exported.has(name)) };
}

function seqOf(line: string, fallback: number): number {
  const decoded = decodeAuditLine(line);
  return decoded.ok ? decoded.entry.seq : fallback;
}
