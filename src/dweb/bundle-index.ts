import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BUNDLE_FORMAT } from './bundle-layout.ts';
import { IMPORT_PARAMETERS } from './import-parameters.ts';
import type { TreeFile } from './unixfs-tree.ts';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** `index.json`, the table of contents of a bundle (what `export verify` checks first). */
export const bundleIndexSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  tool: z.string(),
  createdAt: z.string(),
  /** The database, without credentials (the Target's display URL). */
  target: z.string(),
  dialect: z.string(),
  audit: z.object({
    file: z.string(),
    entries: z.number().int().min(0),
    /** The last entry of the exported audit: the anchor a later audit must extend. */
    head: z.object({ seq: z.number().int().min(0), hash: sha256Hex }),
  }),
  /** Root CID of the export before this one (from the last `dweb.exported` entry), or null. */
  previousExport: z.string().nullable(),
  /** How the bundle's blocks were made, so anyone can recompute the root CID (Kubo's `ipfs add -r --cid-version=1`). */
  import: z.record(z.string(), z.unknown()),
  /** Every other file of the bundle, sorted by path. */
  files: z.array(z.object({ path: z.string(), size: z.number().int().min(0), sha256: sha256Hex })),
});

/**
 * The parsed `index.json` of a bundle.
 *
 * @example
 * const index: BundleIndex = bundleIndexSchema.parse(JSON.parse(text))
 */
export type BundleIndex = z.infer<typeof bundleIndexSchema>;

/** What `index.json` records besides the files (which {@link buildIndex} lists itself). */
export type IndexFacts = Omit<BundleIndex, 'format' | 'import' | 'files'>;

/**
 * Builds `index.json` for `files`: each with its size and SHA-256, the import parameters, and the
 * given facts (tool, target, audit head, previous export).
 *
 * @example
 * const index = buildIndex(files, { tool: 'dihya-migrate 0.1.0', createdAt, target, dialect: 'sqlite', audit, previousExport: null })
 */
export function buildIndex(files: readonly TreeFile[], facts: IndexFacts): BundleIndex {
  return {
    format: BUNDLE_FORMAT,
    ...facts,
    import: IMPORT_PARAMETERS,
    files: [...files]
      .sort((a, b) => (a.path < b.path ? -1 : 1)) // paths are unique; byte order, like dag-pb links
      .map((f) => ({ path: f.path, size: f.bytes.byteLength, sha256: sha256Of(f.bytes) })),
  };
}

/**
 * The hex SHA-256 of bytes.
 *
 * @example
 * sha256Of(new Uint8Array()) // 'e3b0c442…b855'
 */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
