import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Bytes read at a time. */
const CHUNK_BYTES = 4 << 20;
/** How long to wait for more output when the writer has not finished. */
const POLL_MS = 20;

/**
 * The SHA-256 and size of a file a tool is writing from start to end (a dump written with
 * `--result-file`), read as it grows while `writing` runs, and to its end once it has settled:
 * the hash costs no second pass over the file once it is complete. Only for writers that append
 * (never seek back); the caller compares the size with the file's afterwards and hashes it again
 * if they differ. Resolves once `writing` has settled (its outcome is the caller's to await).
 *
 * @example
 * const dump = runTool({ command: mariadbDump, args: [`--result-file=${file}`, '--', 'shop'] })
 * const [, digest] = await Promise.all([dump, digestWhileWritten(file, dump)])
 */
export async function digestWhileWritten(file: string, writing: Promise<unknown>): Promise<{ size: number; sha256: string }> {
  let done = false;
  const settled = writing.then(
    () => (done = true),
    () => (done = true),
  );
  const hash = createHash('sha256');
  let position = 0;
  let handle;
  while (!handle) {
    handle = await open(file, 'r').catch(() => undefined);
    if (!handle) {
      if (done) return { size: 0, sha256: hash.digest('hex') };
      await Promise.race([sleep(POLL_MS), settled]);
    }
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const finished = done; // read once more after the writer is done: the rest is there by then
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead > 0) {
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
        continue;
      }
      if (finished) break;
      await Promise.race([sleep(POLL_MS), settled]);
    }
  } finally {
    await handle.close();
  }
  return { size: position, sha256: hash.digest('hex') };
}
