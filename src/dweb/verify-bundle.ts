import type { BundleSource } from './bundle-source.ts';
import { compareAudit, compareMigrations, type AuditComparison, type MigrationComparison } from './compare-local.ts';
import { openBundle } from './open-bundle.ts';

/** What `export verify` established about a bundle. */
export interface BundleVerification {
  cid: string;
  blocks: number;
  files: number;
  audit: AuditComparison;
  migrations?: MigrationComparison;
}

/**
 * Verifies a bundle on its own (blocks, root, index, exported audit: see {@link openBundle}) and
 * against the local state: the same migration files (unless `migrations: false`, as for
 * `audit verify --against`), and a local audit that extends the exported one.
 *
 * @example
 * const result = await verifyBundle(migrator, 'bundle.car')
 * result.audit.later // entries appended since the export
 */
export async function verifyBundle(source: BundleSource, file: string, options: { migrations?: boolean } = {}): Promise<BundleVerification> {
  const bundle = await openBundle(file);
  const audit = await compareAudit(source, bundle);
  const migrations = options.migrations === false ? undefined : compareMigrations(source, bundle);
  return { cid: bundle.root.toString(), blocks: bundle.blocks, files: bundle.files.size, audit, ...(migrations ? { migrations } : {}) };
}
