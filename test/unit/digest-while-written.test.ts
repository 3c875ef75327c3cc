import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { digestWhileWritten } from '../../src/tools/digest-while-written.ts';

describe('digestWhileWritten: the SHA-256 of a file taken while it is written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-digest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes every byte of a file appended to in bursts, created after the hashing started', async () => {
    const file = path.join(dir, 'dump.sql');
    const writing = (async () => {
      await sleep(30);
      for (let i = 0; i < 20; i++) {
        appendFileSync(file, Buffer.alloc(300_000 + i, i));
        await sleep(5);
      }
    })();
    const digest = await digestWhileWritten(file, writing);
    const bytes = readFileSync(file);
    expect(digest).toEqual({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('settles when the writer fails before creating the file', async () => {
    const writing = Promise.reject(new Error('could not start'));
    writing.catch(() => undefined);
    expect((await digestWhileWritten(path.join(dir, 'never.sql'), writing)).size).toBe(0);
  });
});
