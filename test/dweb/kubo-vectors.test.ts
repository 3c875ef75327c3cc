import { MemoryBlockstore } from 'blockstore-core/memory';
import { exporter } from 'ipfs-unixfs-exporter';
import type { ImporterOptions } from 'ipfs-unixfs-importer';
import { describe, expect, it } from 'vitest';
import { importTree, type TreeFile } from '../../src/dweb/unixfs-tree.ts';
import { kuboHamtNames, kuboRandomBytes } from '../helpers/kubo-inputs.ts';

// Root CIDs computed by importTree (the function every export uses) against CIDs that Kubo itself
// printed in its own test suites, for inputs rebuilt byte for byte here. Sources:
//  - Kubo test/sharness/t0040-add-and-cat.sh (`ipfs add`, `--raw-leaves`, `--cid-version=1`)
//  - Kubo test/sharness/t0260-sharding.sh (2000 files `file$i` holding "$i\n")
//  - Kubo test/cli/add_test.go and test/cli/cid_profiles_test.go (ChaCha20 deterministic inputs,
//    unixfs-v0-2015 = Kubo's default import: 256 KiB chunks, 174 links, `links` HAMT estimate, `>`)
// The CIDv0 vectors run the same importer with only what Kubo's `--cid-version=1` changes set back
// (CIDv0, dag-pb leaves): same chunker, layout and sharding rule as the bundles.

const enc = (s: string) => Buffer.from(s);
const CIDV0: Partial<ImporterOptions> = { cidVersion: 0, rawLeaves: false };

/** A one-file tree's root is a directory; the file's own CID is what `ipfs add <file>` prints. */
async function fileCid(bytes: Uint8Array, options: Partial<ImporterOptions> = {}): Promise<string> {
  const store = new MemoryBlockstore();
  const { root } = await importTree([{ path: 'f', bytes }], store, options);
  const dir = await exporter(root, store);
  if (dir.type !== 'directory') throw new Error('not a directory');
  for await (const entry of dir.entries()) return entry.cid.toString();
  throw new Error('empty');
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function rootOf(files: TreeFile[], options: Partial<ImporterOptions> = {}): Promise<string> {
  return (await importTree(files, new MemoryBlockstore(), options)).root.toString();
}

const sharnessDir = () => Array.from({ length: 2000 }, (_, i) => ({ path: `file${i + 1}`, bytes: enc(`${i + 1}\n`) }));
const hamtDir = (names: string[]) => names.map((name) => ({ path: name, bytes: enc('x') }));

describe('UnixFS import with Kubo’s `ipfs add -r --cid-version=1` parameters', () => {
  describe('Kubo vectors with exactly the bundle parameters (CIDv1, raw leaves)', () => {
    it('the empty directory', async () => {
      expect(await rootOf([])).toBe('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354');
    });

    it('an empty file and a one-block file ("hello world", Import.CidVersion=1)', async () => {
      expect(await fileCid(new Uint8Array())).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
      expect(await fileCid(enc('hello world'))).toBe('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e');
    });

    it('a directory of two files (t0040 `ipfs add -r --cid-version=1` planets)', async () => {
      const planets = [
        { path: 'mars.txt', bytes: enc('Hello Mars!\n') },
        { path: 'venus.txt', bytes: enc('Hello Venus!\n') },
      ];
      expect(await rootOf(planets)).toBe('bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi');
    });

    it('a HAMT-sharded directory of 2000 entries (t0260, sharding forced with a 1-byte threshold)', async () => {
      expect(await rootOf(sharnessDir(), { shardSplitThresholdBytes: 1 })).toBe('bafybeibiemewfzzdyhq2l74wrd6qj2oz42usjlktgnlqv4yfawgouaqn4u');
    });
  });

  describe('Kubo vectors of its default import (CIDv0): the same chunking, layout and sharding rule', () => {
    it('a one-block file', async () => {
      expect(await fileCid(enc('hello world'), CIDV0)).toBe('Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD');
    });

    it('files of 174 chunks (one level) and 175 chunks (rebalanced under a second level)', async () => {
      expect(await fileCid(kuboRandomBytes(174 * 262144, 'v0-seed'), CIDV0)).toBe('QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2');
      expect(await fileCid(kuboRandomBytes(175 * 262144, 'v0-seed'), CIDV0)).toBe('QmepeWtdmS1hHXx1oZXsPUv6bMrfRRKfZcoPPU4eEfjnbf');
    });

    it('a flat directory of 2000 entries (more than 174) and the same directory sharded', async () => {
      expect(await rootOf(sharnessDir(), { ...CIDV0, shardSplitThresholdBytes: 1e9 })).toBe('QmavrTrQG4VhoJmantURAYuw3bowq3E2WcvP36NRQDAC1N');
      expect(await rootOf(sharnessDir(), { ...CIDV0, shardSplitThresholdBytes: 1 })).toBe('QmSCJD1KYLhVVHqBK3YyXuoEqHt7vggyJhzoFYbT8v1XYL');
    });

    it('the default HAMT threshold: 4096 × (30 + 34) bytes = 262144 stays flat, 4033 × (31 + 34) = 262145 is sharded', async () => {
      const seed = 'hamt-unixfs-v0-2015';
      expect(await rootOf(hamtDir(kuboHamtNames(4096, 30, 30, seed)), CIDV0)).toBe('QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN');
      expect(await rootOf(hamtDir(kuboHamtNames(4033, 31, 31, seed)), CIDV0)).toBe('QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP');
    });
  });

  describe('vectors not printed by Kubo itself', () => {
    const longNames = (count: number) =>
      Array.from({ length: count }, (_, index) => {
        const name = `long name to fill out bytes to make the sharded directory test flip over the sharded directory limit because link names are included in the directory entry ${index}`;
        return { path: name, bytes: enc(name) };
      });

    it('js-ipfs-unixfs’s go-interop threshold pair (CIDv1, raw leaves, default threshold)', async () => {
      expect(await rootOf(longNames(1343))).toBe('bafybeihecq4rpl4nw3cgfb2uiwltgsmw5sutouvuldv5fxn4gfbihvnalq');
      expect(await rootOf(longNames(1344))).toBe('bafybeigyvxs6og5jbmpaa43qbhhd5swklqcfzqdrtjgfh53qjon6hpjaye');
    });

    it('derived: a 175-chunk file with CIDv1 raw leaves has a balanced two-level DAG of raw 256 KiB leaves', async () => {
      const store = new MemoryBlockstore();
      const bytes = kuboRandomBytes(175 * 262144 + 1000, 'v0-seed');
      const { root } = await importTree([{ path: 'f', bytes }], store);
      const dir = await exporter(root, store);
      if (dir.type !== 'directory') throw new Error('not a directory');
      const [child] = await collect(dir.entries());
      const file = await exporter(child!.cid, store);
      if (file.type !== 'file') throw new Error('not a file');
      expect(file.node.Links).toHaveLength(2);
      const first = await exporter(file.node.Links[0]!.Hash, store);
      if (first.type !== 'file') throw new Error('not a file node');
      expect(first.node.Links).toHaveLength(174);
      expect(first.node.Links.every((l) => l.Hash.code === 0x55 && l.Tsize === 262144)).toBe(true);
      expect(Buffer.concat(await collect(file.content())).equals(bytes)).toBe(true);
      expect(child!.cid.toString()).toBe('bafybeibqoint365eis3l3nxcy76yuvgisokyd7dbnu55fro562bshiaow4');
    });

    it('derived: with CIDv1 raw leaves a link weighs name + 36 bytes: 4096 × (28 + 36) stays flat, one byte more shards', async () => {
      const seed = 'hamt-unixfs-v0-2015';
      const store = new MemoryBlockstore();
      const flat = await importTree(hamtDir(kuboHamtNames(4096, 28, 28, seed)), store);
      const sharded = await importTree(hamtDir(kuboHamtNames(4096, 28, 29, seed)), store);
      const flatNode = await exporter(flat.root, store);
      const shardNode = await exporter(sharded.root, store);
      if (flatNode.type !== 'directory' || shardNode.type !== 'directory') throw new Error('not directories');
      expect(flatNode.unixfs.type).toBe('directory');
      expect(shardNode.unixfs.type).toBe('hamt-sharded-directory');
    });
  });
});
