import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Bytes read at a time: large reads keep the hash, not the reading, the cost. */
const CHUNK_BYTES = 4 << 20;

/**
 * Size and SHA-256 of a file, read in 4 MiB chunks (backups can be large); `onBytes` is told how
 * far it got. The next chunk is read (in Node's thread pool) while the current one is hashed.
 *
 * @example
 * const { size, sha256 } = await fileDigest('/backups/x/dump.pgcustom')
 */
export async function fileDigest(file: string, onBytes?: (bytesRead: number) => void): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
    let position = 0;
    let next = handle.read(buffers[0]!, 0, CHUNK_BYTES, position);
    for (let turn = 0; ; turn++) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      position += bytesRead;
      next = handle.read(buffers[(turn + 1) % 2]!, 0, CHUNK_BYTES, position);
      hash.update(buffer.subarray(0, bytesRead));
      onBytes?.(position);
    }
    return { size: position, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}
