import path from 'node:path';
import { exporter, type ReadableStorage, type UnixFSDirectory } from 'ipfs-unixfs-exporter';
import type { CID } from 'multiformats/cid';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { verifyAuditChain } from '../audit/verify-chain.ts';
import { bundleIndexSchema, sha256Of, type BundleIndex } from './bundle-index.ts';
import { headOf } from './bundle-contents.ts';
import { BUNDLE_PATHS } from './bundle-layout.ts';
import { readCheckedCar } from './read-car.ts';
import { importTree } from './unixfs-tree.ts';

/** A bundle whose every block, file and root was checked. */
export interface OpenedBundle {
  file: string;
  root: CID;
  blocks: number;
  index: BundleIndex;
  /** Every file of the bundle by path (`index.json` included). */
  files: Map<string, Uint8Array>;
  /** The exported audit, one line per entry. */
  auditLines: string[];
}

/**
 * Opens a bundle and checks it on its own, without the local state: every block re-hashed against
 * its CID, none missing, one root that is a UnixFS directory holding a valid `index.json`, every
 * file listed there with its size and SHA-256 (and nothing else), the root equal to the import of
 * those files with Kubo's parameters (so a swapped root is caught), and the exported audit chain
 * intact up to the head the index names. Any failure throws DWEB_VERIFY_FAILED naming it.
 *
 * @example
 * const bundle = await openBundle('bundle.car')
 * bundle.index.audit.head // { seq: 41, hash: '…' }
 */
export async function openBundle(file: string): Promise<OpenedBundle> {
  const name = path.basename(file);
  const fail = (problem: Parameters<typeof verifyFailed>[1], subject: string) => verifyFailed(name, problem, subject);
  const car = await readCheckedCar(file);
  if (car.roots.length !== 1) throw fail('root-count', String(car.roots.length));
  const root = car.roots[0]!;
  if (!(await car.blockstore.has(root))) throw fail('root-missing', root.toString());

  const lookup: { missing?: string } = {};
  const store: ReadableStorage = {
    async *get(cid: CID) {
      if (!(await car.blockstore.has(cid))) {
        lookup.missing = cid.toString();
        throw new Error(`block ${lookup.missing} is not in the CAR`);
      }
      yield* car.blockstore.get(cid);
    },
  };
  const files = new Map<string, Uint8Array>();
  try {
    const top = await exporter(root, store);
    if (top.type !== 'directory') throw fail('not-a-bundle', `a ${top.type}, not a directory`);
    await readTree(top, '', store, files);
  } catch (error) {
    if (error instanceof DihyaError) throw error;
    if (lookup.missing) throw fail('block-missing', lookup.missing);
    throw fail('not-a-bundle', reasonOf(error));
  }

  const index = parseIndex(files.get(BUNDLE_PATHS.index), fail);
  const listed = new Set(index.files.map((f) => f.path));
  for (const entry of index.files) {
    const bytes = files.get(entry.path);
    if (!bytes || bytes.byteLength !== entry.size || sha256Of(bytes) !== entry.sha256) throw fail('index-mismatch', entry.path);
  }
  for (const filePath of files.keys()) if (filePath !== BUNDLE_PATHS.index && !listed.has(filePath)) throw fail('index-mismatch', filePath);

  const recomputed = await importTree(
    [...files].map(([p, bytes]) => ({ path: p, bytes })),
    { put: (cid) => cid },
  );
  if (recomputed.root.toString() !== root.toString()) throw fail('root-mismatch', root.toString());

  const auditLines = Buffer.from(files.get(index.audit.file) ?? new Uint8Array())
    .toString('utf8')
    .split('\n')
    .filter(Boolean);
  const chain = verifyAuditChain([...auditLines, ''], []).problems.find((p) => p.reason !== 'missing from the database mirror');
  if (chain) throw fail('audit-chain', String(chain.seq));
  const head = headOf(auditLines);
  if (auditLines.length !== index.audit.entries || head.seq !== index.audit.head.seq || head.hash !== index.audit.head.hash) {
    throw fail('audit-chain', String(index.audit.head.seq));
  }
  return { file, root, blocks: car.blocks, index, files, auditLines };
}

/** Reads every file under a directory entry into `files`, by path relative to the bundle root. */
async function readTree(dir: UnixFSDirectory, prefix: string, store: ReadableStorage, files: Map<string, Uint8Array>): Promise<void> {
  for await (const child of dir.entries()) {
    const entry = await exporter(child.cid, store);
    const childPath = `${prefix}${child.name}`;
    if (entry.type === 'directory') await readTree(entry, `${childPath}/`, store, files);
    else if (entry.type === 'file' || entry.type === 'raw') {
      const parts: Uint8Array[] = [];
      for await (const part of entry.content()) parts.push(part);
      files.set(childPath, Buffer.concat(parts));
    } else throw new Error(`${childPath} is a ${entry.type} node, not a file`);
  }
}

function parseIndex(bytes: Uint8Array | undefined, fail: (problem: 'not-a-bundle', subject: string) => DihyaError): BundleIndex {
  if (!bytes) throw fail('not-a-bundle', `no ${BUNDLE_PATHS.index}`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw fail('not-a-bundle', `${BUNDLE_PATHS.index} is not JSON: ${reasonOf(error)}`);
  }
  const parsed = bundleIndexSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail('not-a-bundle', `${BUNDLE_PATHS.index}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

function verifyFailed(
  file: string,
  problem: 'root-count' | 'root-missing' | 'root-mismatch' | 'not-a-bundle' | 'index-mismatch' | 'audit-chain' | 'block-missing',
  subject: string,
): DihyaError {
  return new DihyaError('DWEB_VERIFY_FAILED', { file, problem, subject });
}
