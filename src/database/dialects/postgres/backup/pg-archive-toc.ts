import { open, type FileHandle } from 'node:fs/promises';

/** Archive versions whose header and table of contents this reader knows (pg_dump 11 to 17): MAKE_ARCHIVE_VERSION(1, minor, 0). */
const FIRST_KNOWN = version(1, 12);
const LAST_KNOWN = version(1, 16);
/** Data offset flags of a table-of-contents entry: data not located (yet), written and located. */
const OFFSET_POS_NOT_SET = 1;
const OFFSET_POS_SET = 2;
/** Block types of pg_dump's custom format: table data, large objects. */
const BLOCK_DATA = 1;
const BLOCK_BLOBS = 3;
/** Bytes read at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * The archive's contents are readable but its last data block is not whole: the dump was cut short.
 *
 * @example
 * if (error instanceof PgArchiveIncompleteError) console.log('cut short')
 */
export class PgArchiveIncompleteError extends Error {}

/** One table-of-contents entry of a custom-format archive, as far as a completeness check needs it. */
export interface PgArchiveEntry {
  dumpId: number;
  desc: string;
  /** Where the entry's data block starts, when pg_dump wrote one and recorded where. */
  dataOffset?: number;
  /** The entry has data whose place the table of contents does not record (an archive written to a pipe). */
  unlocated?: true;
}

/**
 * What {@link readPgArchive} found: an archive it cannot check itself (a version it does not know,
 * data whose place is not recorded), left to pg_restore, or the table of contents of one it checked.
 */
export type PgArchiveToc = { checked: false; why: string } | { checked: true; entries: PgArchiveEntry[] };

/**
 * Checks a pg_dump custom-format archive the way pg_dump wrote it, without pg_restore: the
 * header, every table-of-contents entry, and the data block written last (the one at the largest
 * offset: its block header names its entry, and its chunks run to a zero-length end marker within
 * the file). pg_dump rewrites the table of contents with the data offsets only once every data
 * block is written, so an archive whose dump did not finish, or that was cut anywhere, fails.
 * Throws with the reason (PgArchiveIncompleteError when the contents were read but the last data
 * block is not whole); returns `{ checked: false }` for an archive version it does not know (a
 * newer pg_dump) or one with data whose place is not recorded (written to a pipe), which the
 * caller then checks with pg_restore instead.
 *
 * @example
 * const toc = await readPgArchive('/backups/b1/database.pgdump')
 * if (!toc.checked) await checkWithPgRestore(file)
 */
export async function readPgArchive(file: string): Promise<PgArchiveToc> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const reader = new ArchiveReader(handle, size);
    if ((await reader.bytes(5)).toString('latin1') !== 'PGDMP') throw new Error('no pg_dump archive header');
    const [major, minor, revision] = [await reader.byte(), await reader.byte(), await reader.byte()];
    const archiveVersion = version(major, minor, revision);
    if (archiveVersion < FIRST_KNOWN || archiveVersion > LAST_KNOWN) return { checked: false, why: `archive version ${major}.${minor}.${revision}` };
    reader.intSize = await reader.byte();
    reader.offSize = await reader.byte();
    if ((await reader.byte()) !== 1) throw new Error('not a custom-format archive');
    if (archiveVersion >= version(1, 15)) await reader.byte();
    else await reader.int(); // compression
    for (let i = 0; i < 7; i++) await reader.int(); // creation time
    for (let i = 0; i < 3; i++) await reader.str(); // database name, server and pg_dump versions
    const count = await reader.int();
    const entries: PgArchiveEntry[] = [];
    for (let i = 0; i < count; i++) entries.push(await readEntry(reader, archiveVersion));
    if (entries.some((e) => e.unlocated)) return { checked: false, why: 'data blocks whose place is not recorded' };
    const last = entries.filter((e) => e.dataOffset !== undefined).sort((a, b) => b.dataOffset! - a.dataOffset!)[0];
    if (last) {
      await checkDataBlock(reader, last).catch((error: unknown) => {
        throw new PgArchiveIncompleteError(`entry ${last.dumpId} (${last.desc}): ${(error as Error).message}`, { cause: error });
      });
    }
    return { checked: true, entries };
  } finally {
    await handle.close();
  }
}

async function readEntry(reader: ArchiveReader, archiveVersion: number): Promise<PgArchiveEntry> {
  const dumpId = await reader.int();
  await reader.int(); // had a data dumper
  await reader.str(); // table oid
  await reader.str(); // oid
  await reader.str(); // tag
  const desc = (await reader.str()) ?? '';
  await reader.int(); // section
  for (let i = 0; i < 5; i++) await reader.str(); // definition, drop and copy statements, schema, tablespace
  if (archiveVersion >= version(1, 14)) await reader.str(); // table access method
  if (archiveVersion >= version(1, 16)) await reader.int(); // relkind
  await reader.str(); // owner
  await reader.str(); // with oids
  while ((await reader.str()) !== undefined); // dependencies, up to an absent string
  const flag = await reader.byte();
  if (flag < 1 || flag > 3) throw new Error(`entry ${dumpId} has an unknown data offset flag ${flag}`);
  const offset = await reader.offset();
  if (flag === OFFSET_POS_NOT_SET) return { dumpId, desc, unlocated: true };
  if (flag !== OFFSET_POS_SET) return { dumpId, desc };
  if (offset >= reader.size) throw new PgArchiveIncompleteError(`the data of entry ${dumpId} (${desc}) lies past the end of the file`);
  return { dumpId, desc, dataOffset: offset };
}

/** Reads the data block of `entry` to its end marker, within the file. */
async function checkDataBlock(reader: ArchiveReader, entry: PgArchiveEntry): Promise<void> {
  reader.seek(entry.dataOffset!);
  const type = await reader.byte();
  const id = await reader.int();
  if (id !== entry.dumpId || (type !== BLOCK_DATA && type !== BLOCK_BLOBS)) {
    throw new Error(`the data block at offset ${entry.dataOffset} is not that of entry ${entry.dumpId} (${entry.desc})`);
  }
  if (type === BLOCK_DATA) await skipChunks(reader);
  else while ((await reader.int()) !== 0) await skipChunks(reader); // one chunk run per large object, up to oid 0
}

/** Skips length-prefixed chunks up to the zero length that ends them. */
async function skipChunks(reader: ArchiveReader): Promise<void> {
  for (let length = await reader.int(); length !== 0; length = await reader.int()) {
    if (length < 0) throw new Error('a data chunk has a negative length');
    reader.seek(reader.position + length);
  }
}

/** Buffered reads of pg_dump's integers (a sign byte, then `intSize` bytes, little-endian), strings and offsets. */
class ArchiveReader {
  intSize = 4;
  offSize = 8;
  position = 0;
  #buffer = Buffer.alloc(0);
  #bufferStart = 0;

  readonly handle: FileHandle;
  readonly size: number;

  constructor(handle: FileHandle, size: number) {
    this.handle = handle;
    this.size = size;
  }

  seek(position: number): void {
    this.position = position;
  }

  async bytes(length: number): Promise<Buffer> {
    if (this.position + length > this.size) throw new Error(`the archive ends at byte ${this.size}, in the middle of its contents`);
    const end = this.position + length;
    if (this.position < this.#bufferStart || end > this.#bufferStart + this.#buffer.length) {
      const buffer = Buffer.allocUnsafe(Math.max(length, CHUNK_BYTES));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
      this.#buffer = buffer.subarray(0, bytesRead);
      this.#bufferStart = this.position;
    }
    const start = this.position - this.#bufferStart;
    this.position = end;
    return this.#buffer.subarray(start, start + length);
  }

  async byte(): Promise<number> {
    return (await this.bytes(1))[0]!;
  }

  async int(): Promise<number> {
    const bytes = await this.bytes(1 + this.intSize);
    let value = 0;
    for (let i = this.intSize; i >= 1; i--) value = value * 256 + bytes[i]!;
    return bytes[0] ? -value : value;
  }

  async str(): Promise<string | undefined> {
    const length = await this.int();
    return length < 0 ? undefined : (await this.bytes(length)).toString('utf8');
  }

  async offset(): Promise<number> {
    const bytes = await this.bytes(this.offSize);
    let value = 0;
    for (let i = this.offSize - 1; i >= 0; i--) value = value * 256 + bytes[i]!;
    return value;
  }
}

function version(major: number, minor: number, revision = 0): number {
  return (major * 256 + minor) * 256 + revision;
}
