import type { ImporterOptions } from 'ipfs-unixfs-importer';

/**
 * How a bundle's files become UnixFS blocks: the parameters of Kubo's `ipfs add -r --cid-version=1`
 * (Kubo's default import, the IPIP-499 `unixfs-v0-2015` profile, with CIDv1 and the raw leaves
 * CIDv1 implies), so that `ipfs add -r --cid-version=1 <folder>` of the unpacked bundle prints the
 * same root CID. Written into every bundle's `index.json`.
 *
 * @example
 * IMPORT_PARAMETERS.chunker // 'size-262144'
 */
export const IMPORT_PARAMETERS = {
  kubo: 'ipfs add -r --cid-version=1',
  cidVersion: 1,
  hash: 'sha2-256',
  rawLeaves: true,
  chunker: 'size-262144',
  layout: 'balanced',
  maxLinksPerFileNode: 174,
  directory: {
    hamtShardingThresholdBytes: 262144,
    sizeEstimation: 'links',
    rule: 'a directory becomes a HAMT shard when the sum over its entries of (name bytes + CID bytes) exceeds 262144 (strictly greater, as Kubo 0.40+)',
    hamtFanout: 256,
  },
  mtime: false,
  mode: false,
  hiddenFiles: false,
  pbNodeFieldOrder: 'links-first',
} as const;

/** The parameters as `index.json` records them. */
export type ImportParameters = typeof IMPORT_PARAMETERS;

/**
 * The `ipfs-unixfs-importer` options that reproduce {@link IMPORT_PARAMETERS}: the importer's
 * `unixfs-v0-2015` profile (256 KiB fixed chunks, balanced layout of 174 links, `links-bytes`
 * sharding estimate, links-first dag-pb) with CIDv1 and raw leaves, exactly what Kubo changes
 * for `--cid-version=1`.
 *
 * @example
 * for await (const entry of importer(files, blockstore, KUBO_IMPORTER_OPTIONS)) console.log(entry.cid)
 */
export const KUBO_IMPORTER_OPTIONS: ImporterOptions = {
  profile: 'unixfs-v0-2015',
  cidVersion: 1,
  rawLeaves: true,
  shardSplitStrategy: 'links-bytes',
  shardSplitThresholdBytes: IMPORT_PARAMETERS.directory.hamtShardingThresholdBytes,
  shardFanoutBits: 8,
  reduceSingleLeafToSelf: true,
  wrapWithDirectory: false,
};
