import { importer, type ImporterOptions, type WritableStorage } from 'ipfs-unixfs-importer';
import type { CID } from 'multiformats/cid';
import { KUBO_IMPORTER_OPTIONS } from './import-parameters.ts';

/** One file of a tree: its path inside the tree (`migrations/x.sql`) and its bytes. */
export interface TreeFile {
  path: string;
  bytes: Uint8Array;
}

/** The root of an imported tree and the number of blocks written for it. */
export interface ImportedTree {
  root: CID;
  blocks: number;
}

/**
 * Imports files as one UnixFS directory (the root) into `blockstore`, with Kubo's parameters
 * ({@link KUBO_IMPORTER_OPTIONS}): the root CID is what `ipfs add -r --cid-version=1` prints for a
 * folder holding the same files. Folders are implied by the paths; an empty list gives the empty
 * directory. `options` overrides importer options (tests use it for Kubo's other settings).
 *
 * @example
 * const { root } = await importTree([{ path: 'index.json', bytes }], new MemoryBlockstore())
 */
export async function importTree(files: readonly TreeFile[], blockstore: WritableStorage, options: Partial<ImporterOptions> = {}): Promise<ImportedTree> {
  let blocks = 0;
  const counting: WritableStorage = {
    put: (cid, bytes, putOptions) => {
      blocks++;
      return blockstore.put(cid, bytes, putOptions);
    },
  };
  // Files under a common `root/` folder: the importer yields that folder last. No files: an empty folder.
  const candidates = files.length === 0 ? [{ path: 'root' }] : files.map((f) => ({ path: `root/${f.path}`, content: f.bytes }));
  let root: CID | undefined;
  for await (const entry of importer(candidates, counting, { ...KUBO_IMPORTER_OPTIONS, ...options })) {
    if (entry.path === 'root') root = entry.cid;
  }
  /* v8 ignore next -- the importer always yields the root directory it was given */
  if (!root) throw new Error('the importer yielded no root directory');
  return { root, blocks };
}
