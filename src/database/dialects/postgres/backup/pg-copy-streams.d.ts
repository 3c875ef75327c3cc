// Types for the parts of `pg-copy-streams` (which ships none) that the pg-copy backup uses.
declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** `COPY … TO STDOUT` as a readable stream; pass it to `client.query()`. */
  export interface CopyToStream extends Readable, Submittable {}
  /** `COPY … FROM STDIN` as a writable stream; pass it to `client.query()`. */
  export interface CopyFromStream extends Writable, Submittable {
    /** Rows the server copied, once the stream finished. */
    rowCount: number;
  }

  export function to(text: string, options?: Record<string, unknown>): CopyToStream;
  export function from(text: string, options?: Record<string, unknown>): CopyFromStream;
}
