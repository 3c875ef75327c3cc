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
  const state: { failure?: Error } = {};
  stream.on('error', (error: Error) => {
    state.failure = error;
  });
  const throwIfFailed = () => {
    if (state.failure) throw state.failure;
  };
  return {
    async write(text) {
      throwIfFailed();
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      throwIfFailed();
    },
    async close() {
      throwIfFailed();
      stream.end();
      await once(stream, 'finish');
    },
  };
}
