import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';

/**
 * Size and SHA-256 of a file, streamed (backups can be large); `onBytes` is told how far it got.
 *
 * @example
 * const { size, sha256 } = await fileDigest('/backups/x/dump.pgcustom')
 */
export async function fileDigest(file: string, onBytes?: (bytesRead: number) => void): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let read = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    read += (chunk as Buffer).length;
    onBytes?.(read);
  }
  return { size: statSync(file).size, sha256: hash.digest('hex') };
}
