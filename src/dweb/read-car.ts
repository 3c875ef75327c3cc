import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { CarBlockIterator } from '@ipld/car/iterator';
import { MemoryBlockstore } from 'blockstore-core/memory';
import type { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import { sha256, sha512 } from 'multiformats/hashes/sha2';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';

const HASHERS = new Map<number, (bytes: Uint8Array) => Promise<Uint8Array> | Uint8Array>([
  [sha256.code, async (b) => (await sha256.digest(b)).digest],
  [sha512.code, async (b) => (await sha512.digest(b)).digest],
  [identity.code, (b) => identity.digest(b).digest],
]);

/** The blocks of a CAR, each re-hashed against its CID, in a blockstore. */
export interface CheckedCar {
  roots: CID[];
  blockstore: MemoryBlockstore;
  /** How many distinct blocks, and their bytes. */
  blocks: number;
  bytes: number;
}

/**
 * Reads a CARv1 file block by block and re-hashes every block against the multihash of its CID
 * (the CAR reader itself does not). A file that is not a CAR is bad input (exit 2); a block whose
 * bytes do not match its CID, or a CAR cut inside a block, fails the verification (exit 1).
 *
 * @example
 * const { roots, blockstore } = await readCheckedCar('bundle.car')
 */
export async function readCheckedCar(file: string): Promise<CheckedCar> {
  const name = path.basename(file);
  if (!existsSync(file)) throw new DihyaError('DWEB_BUNDLE_NOT_FOUND', { file });
  let reader: CarBlockIterator;
  try {
    reader = await CarBlockIterator.fromIterable(createReadStream(file));
  } catch (error) {
    throw new DihyaError('DWEB_BUNDLE_UNREADABLE', { file: name, reason: reasonOf(error) }, { cause: error });
  }
  const roots = await reader.getRoots();
  const blockstore = new MemoryBlockstore();
  const seen = new Set<string>();
  let bytes = 0;
  try {
    for await (const { cid, bytes: block } of reader) {
      const hash = HASHERS.get(cid.multihash.code);
      const digest = hash ? await hash(block) : undefined;
      if (!digest || !sameBytes(digest, cid.multihash.digest)) {
        throw new DihyaError('DWEB_VERIFY_FAILED', { file: name, problem: 'block-hash', subject: cid.toString() });
      }
      if (seen.has(cid.toString())) continue;
      seen.add(cid.toString());
      await blockstore.put(cid, block);
      bytes += block.byteLength;
    }
  } catch (error) {
    if (error instanceof DihyaError) throw error;
    throw new DihyaError('DWEB_VERIFY_FAILED', { file: name, problem: 'car-damaged', subject: reasonOf(error) }, { cause: error });
  }
  return { roots, blockstore, blocks: seen.size, bytes };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}
