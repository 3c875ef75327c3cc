import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CarIndexer } from '@ipld/car/indexer';
import { CarReader } from '@ipld/car/reader';
import { CarWriter } from '@ipld/car/writer';
import type { CID } from 'multiformats/cid';

const RAW = 0x55;

/** The blocks of a CAR, in file order. */
export async function carBlocks(file: string): Promise<{ roots: CID[]; blocks: { cid: CID; bytes: Uint8Array }[] }> {
  const reader = await CarReader.fromBytes(readFileSync(file));
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  for await (const block of reader.blocks()) blocks.push(block);
  return { roots: await reader.getRoots(), blocks };
}

/** Writes a CAR with the given root(s) and blocks. */
export async function writeCar(file: string, roots: CID[], blocks: { cid: CID; bytes: Uint8Array }[]): Promise<void> {
  const { writer, out } = CarWriter.create(roots);
  const done = pipeline(Readable.from(out), createWriteStream(file));
  for (const block of blocks) await writer.put(block);
  await writer.close();
  await done;
}

/** A copy of the CAR with one byte of its first raw block's data flipped; returns that block's CID. */
export async function corruptRawBlock(file: string, out: string): Promise<string> {
  const bytes = Buffer.from(readFileSync(file));
  const indexer = await CarIndexer.fromBytes(bytes);
  for await (const entry of indexer) {
    if (entry.cid.code !== RAW || entry.blockLength === 0) continue;
    bytes[entry.blockOffset] = bytes[entry.blockOffset]! ^ 0xff;
    writeFileSync(out, bytes);
    return entry.cid.toString();
  }
  throw new Error('no raw block to corrupt');
}

/** A copy of the CAR without its first raw block; returns that block's CID. */
export async function dropRawBlock(file: string, out: string): Promise<string> {
  const { roots, blocks } = await carBlocks(file);
  const victim = blocks.find((b) => b.cid.code === RAW && b.bytes.byteLength > 0)!;
  await writeCar(
    out,
    roots,
    blocks.filter((b) => b !== victim),
  );
  return victim.cid.toString();
}

/** A copy of the CAR whose header names another root (the blocks are unchanged). */
export async function swapRoot(file: string, out: string, root: CID): Promise<void> {
  const { blocks } = await carBlocks(file);
  await writeCar(out, [root], blocks);
}
