import { createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CarWriter } from '@ipld/car/writer';
import type { WritableStorage } from 'ipfs-unixfs-importer';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/** The multicodec of dag-pb, the codec of UnixFS directories. */
const DAG_PB_CODE = 0x70;

/** The writing side of `CarWriter.create`. */
type BlockWriter = ReturnType<typeof CarWriter.create>['writer'];

/** What a finished CAR holds. */
export interface WrittenCar {
  file: string;
  bytes: number;
  blocks: number;
}

/**
 * A CARv1 file written as blocks arrive (a blockstore for the UnixFS importer), so a large bundle
 * never sits whole in memory. The root is only known at the end: the header holds a placeholder
 * of the same length, replaced in place by {@link finish} (`CarWriter.updateRootsInFile`). Each
 * block is written once; the file is created 0600 and never overwrites an existing one.
 *
 * @example
 * const car = await CarFileWriter.create('/state/exports/x.car.partial')
 * const { root } = await importTree(files, car)
 * await car.finish(root)
 */
export class CarFileWriter implements WritableStorage {
  readonly file: string;
  readonly #writer: BlockWriter;
  readonly #done: Promise<void>;
  readonly #seen = new Set<string>();

  private constructor(file: string, writer: BlockWriter, done: Promise<void>) {
    this.file = file;
    this.#writer = writer;
    this.#done = done;
  }

  /** Starts a CAR at `file` (which must not exist). */
  static async create(file: string): Promise<CarFileWriter> {
    const placeholder = CID.createV1(DAG_PB_CODE, await sha256.digest(new Uint8Array()));
    const { writer, out } = CarWriter.create([placeholder]);
    const done = pipeline(Readable.from(out), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    // A failure surfaces through put/finish; keep it from being reported as unhandled meanwhile.
    done.catch(() => undefined);
    return new CarFileWriter(file, writer, done);
  }

  async put(cid: CID, bytes: Parameters<WritableStorage['put']>[1]): Promise<CID> {
    const key = cid.toString();
    if (this.#seen.has(key)) return cid;
    this.#seen.add(key);
    await this.#writer.put({ cid, bytes: await collect(bytes) });
    return cid;
  }

  /** Closes the CAR and writes `root` into its header. */
  async finish(root: CID): Promise<WrittenCar> {
    await this.#writer.close();
    await this.#done;
    const handle = await open(this.file, 'r+');
    try {
      await CarWriter.updateRootsInFile(handle, [root]);
    } finally {
      await handle.close();
    }
    return { file: this.file, bytes: (await stat(this.file)).size, blocks: this.#seen.size };
  }

  /** Stops writing and removes the partial file. */
  async abort(): Promise<void> {
    await this.#writer.close().catch(() => undefined);
    await this.#done.catch(() => undefined);
    await rm(this.file, { force: true });
  }
}

async function collect(bytes: Parameters<WritableStorage['put']>[1]): Promise<Uint8Array> {
  if (bytes instanceof Uint8Array) return bytes;
  /* v8 ignore start -- the UnixFS importer always hands over whole blocks */
  const parts: Uint8Array[] = [];
  for await (const part of bytes) parts.push(part);
  return Buffer.concat(parts);
  /* v8 ignore stop */
}
