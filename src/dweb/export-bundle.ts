import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { auditTampered } from '../audit/audit-problems.ts';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DihyaError } from '../errors/dihya-error.ts';
import { VERSION } from '../version.ts';
import { buildIndex } from './bundle-index.ts';
import { BUNDLE_PATHS } from './bundle-layout.ts';
import { collectBundleContents } from './bundle-contents.ts';
import type { BundleSource } from './bundle-source.ts';
import { CarFileWriter } from './car-file-writer.ts';
import { bundleFileName, exportFolder } from './export-folder.ts';
import { findPersonalData } from './find-personal-data.ts';
import { knownSecrets } from './secrets-in-env.ts';
import { importTree, type TreeFile } from './unixfs-tree.ts';

/** Where an export is at, for a progress display. */
export type ExportProgress =
  { phase: 'scan'; files: number; bytes: number } | { phase: 'import'; files: number; bytes: number } | { phase: 'written'; file: string; bytes: number };

/** What {@link exportBundle} accepts. */
export interface ExportOptions {
  /** The CAR to write (must not exist). Default: `<stateDir>/exports/<database>/<time>-<cid>.car`. */
  out?: string;
  /** Environment whose `DIHYA_*` secrets the bundle must not contain (default: process.env). */
  env?: NodeJS.ProcessEnv;
  onProgress?: (progress: ExportProgress) => void;
}

/** What an export wrote. */
export interface ExportResult {
  cid: string;
  car: string;
  /** Size of the CAR file in bytes. */
  bytes: number;
  files: number;
  blocks: number;
  previousExport: string | null;
  auditHead: { seq: number; hash: string };
}

/**
 * Exports the migrations, history, audit log and backup manifests of a database as one UnixFS
 * directory in a CARv1 file whose root CID is what Kubo's `ipfs add -r --cid-version=1` prints for
 * the same folder, and records that CID in the audit (`dweb.exported`), all under the migration
 * lock. Before anything is written every file is scanned for personal values and secrets: a hit
 * refuses the export naming the file and line. A broken local audit refuses it too.
 *
 * @example
 * const { cid, car } = await exportBundle(migrator, { out: 'bundle.car' })
 */
export async function exportBundle(source: BundleSource, options: ExportOptions = {}): Promise<ExportResult> {
  const out = options.out === undefined ? undefined : path.resolve(source.config.cwd, options.out);
  if (out && existsSync(out)) throw new DihyaError('DWEB_OUT_EXISTS', { file: options.out! });
  return source.locked('export ipfs', async () => {
    const report = await source.safety.audit.verify();
    if (report.problems.length > 0) throw auditTampered(report.problems, path.basename(source.safety.audit.file));
    const contents = await collectBundleContents(source);
    const index = buildIndex(contents.files, {
      tool: `dihya-migrate ${VERSION}`,
      createdAt: new Date().toISOString(),
      target: source.target.displayUrl,
      dialect: source.target.dialect,
      audit: { file: BUNDLE_PATHS.audit, ...contents.audit },
      previousExport: contents.previousExport,
    });
    const files: TreeFile[] = [...contents.files, { path: BUNDLE_PATHS.index, bytes: Buffer.from(`${JSON.stringify(index, null, 2)}\n`) }];
    const bytes = files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
    options.onProgress?.({ phase: 'scan', files: files.length, bytes });
    refusePersonalData(files, knownSecrets(source.config.url, options.env));

    const folder = out ? path.dirname(out) : exportFolder(source.config);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const partial = path.join(folder, `.${path.basename(out ?? 'bundle')}.${randomBytes(4).toString('hex')}.partial`);
    options.onProgress?.({ phase: 'import', files: files.length, bytes });
    const car = await CarFileWriter.create(partial);
    let final: string | undefined;
    try {
      const { root } = await importTree(files, car);
      const written = await car.finish(root);
      const cid = root.toString();
      final = out ?? path.join(folder, bundleFileName(new Date(), cid));
      if (existsSync(final)) throw new DihyaError('DWEB_OUT_EXISTS', { file: options.out ?? final });
      renameSync(partial, final);
      await source.safety.audit.append('dweb.exported', { cid, files: files.length, bytes: written.bytes, previous: contents.previousExport });
      options.onProgress?.({ phase: 'written', file: final, bytes: written.bytes });
      return {
        cid,
        car: final,
        bytes: written.bytes,
        files: files.length,
        blocks: written.blocks,
        previousExport: contents.previousExport,
        auditHead: contents.audit.head,
      };
    } catch (error) {
      await car.abort();
      if (final && !DihyaError.is(error, 'DWEB_OUT_EXISTS')) rmSync(final, { force: true });
      throw error;
    }
  });
}

/** Throws DWEB_PERSONAL_DATA naming the first file and line that holds a personal value or a secret. */
function refusePersonalData(files: readonly TreeFile[], secrets: readonly string[]): void {
  for (const file of files) {
    const lines = findPersonalData(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).toString('utf8'), secrets);
    if (lines.length > 0) throw new DihyaError('DWEB_PERSONAL_DATA', { file: file.path, line: lines[0]!, more: lines.length - 1 });
  }
}
