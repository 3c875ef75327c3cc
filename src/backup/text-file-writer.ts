import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends text to a file, waiting when the disk is slower than the producer.
 *
 * @example
 * const out: TextFileWriter = openTextFileWriter('/backups/b1/dump.sql')
 */
export interface TextFileWriter {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `file` (created with mode 0600, truncated) for streamed UTF-8 writing with backpressure.
 *
 * @example
 * const out = openTextFileWriter('/backups/b1/dump.sql')
 * await out.write('SET NAMES utf8mb4;\n')
 * await out.close()
 */
export function openTextFileWriter(file: string): TextFileWriter {
  const stream = createWriteStream(file, { mode: 0o600, encoding: 'utf8' });
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    async close() {
      if (failure) throw failure;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
