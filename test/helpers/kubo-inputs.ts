import { createCipheriv, createHash } from 'node:crypto';

/**
 * Kubo's deterministic test bytes (test/cli/testutils `DeterministicRandomReader(size, seed)`):
 * the ChaCha20 key stream with key SHA-256(seed), a zero nonce and a zero counter. Node's
 * `chacha20` takes a 16-byte IV (4-byte counter, then the 12-byte nonce): all zeros.
 */
export function kuboRandomBytes(size: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('chacha20', key, Buffer.alloc(16)).update(Buffer.alloc(size));
}

const ALPHABET_EASY = 'abcdefghijklmnopqrstuvwxyz01234567890-_';

/**
 * The file names of Kubo's HAMT threshold tests (test/cli `createDeterministicFiles`): from a 1 MiB
 * deterministic stream, each name takes `nameLen` bytes (the last one `lastNameLen`) mapped onto
 * testutils.AlphabetEasy. Each of those files holds the single byte `x`.
 */
export function kuboHamtNames(count: number, nameLen: number, lastNameLen: number, seed: string): string[] {
  const stream = kuboRandomBytes(1024 * 1024, seed);
  let offset = 0;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = i === count - 1 ? lastNameLen : nameLen;
    let name = '';
    for (let j = 0; j < length; j++) name += ALPHABET_EASY[stream[offset++]! % ALPHABET_EASY.length];
    names.push(name);
  }
  return names;
}
