import { createHmac, timingSafeEqual } from 'node:crypto';
import { DihyaError } from '../errors/dihya-error.ts';

/** Shorter keys are refused: a keyed audit is only as strong as its key (32 characters, e.g. `openssl rand -hex 32` gives 64). */
export const MIN_AUDIT_KEY_LENGTH = 32;

/** The environment variable the key comes from (never the config, the database, a file or a command-line flag). */
export const AUDIT_KEY_VARIABLE = 'DIHYA_AUDIT_KEY';

/**
 * The secret that seals the audit against someone who can write both its file and its database
 * mirror. The hash chain alone only shows accidental damage: anyone can recompute SHA-256. With
 * the key, two HMAC-SHA256 values are written that nobody without it can compute:
 *
 * - a **line MAC** on every entry (`"mac"`, after `"hash"` in the line), over the entry's hash,
 *   which covers the whole chain up to it: rewriting, removing or inserting an entry and
 *   re-chaining the hashes leaves the MACs of the changed entries wrong;
 * - a **keyed chain head**, one row of the mirror table (`seq` 0, rewritten with every entry in the
 *   same transaction) holding the last entry's sequence number and hash under its own MAC: cutting
 *   entries off the end, or wiping the file and the mirror, leaves a head that names an entry that
 *   is gone, and a head cannot be made for a shorter chain.
 *
 * What the key cannot see: a head *saved earlier* by someone who could read the database then,
 * put back together with the chain cut to that point (publish bundles, `export ipfs`, for an
 * anchor outside the database). The key comes from `DIHYA_AUDIT_KEY` only; it is never stored,
 * printed, logged nor audited (only a 16-character fingerprint in the head, to tell a different
 * key from a forgery).
 *
 * @example
 * const key = AuditKey.fromEnv(process.env) // undefined when DIHYA_AUDIT_KEY is not set
 * key?.lineMac('9f86d08188…') // 64 hex characters
 */
export class AuditKey {
  readonly #secret: Buffer;

  private constructor(secret: string) {
    this.#secret = Buffer.from(secret, 'utf8');
  }

  /**
   * The key from `DIHYA_AUDIT_KEY`, or undefined when it is not set. Throws AUDIT_KEY_INVALID (set
   * but empty, surrounded by spaces or holding a line break: most often a copy-paste slip) or
   * AUDIT_KEY_TOO_SHORT.
   *
   * @example
   * AuditKey.fromEnv({ DIHYA_AUDIT_KEY: 'd4c1…(64 hex)' })
   */
  static fromEnv(env: NodeJS.ProcessEnv): AuditKey | undefined {
    const secret = env[AUDIT_KEY_VARIABLE];
    if (secret === undefined) return undefined;
    if (secret.trim() === '') throw new DihyaError('AUDIT_KEY_INVALID', { reason: 'empty' });
    if (secret.trim() !== secret) throw new DihyaError('AUDIT_KEY_INVALID', { reason: 'spaces' });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(secret)) throw new DihyaError('AUDIT_KEY_INVALID', { reason: 'control' });
    const length = [...secret].length;
    if (length < MIN_AUDIT_KEY_LENGTH) throw new DihyaError('AUDIT_KEY_TOO_SHORT', { length, minimum: MIN_AUDIT_KEY_LENGTH });
    return new AuditKey(secret);
  }

  /** The MAC of one line, over its hash (which covers every entry up to it). */
  lineMac(hash: string): string {
    return this.#mac('line', hash);
  }

  /** The MAC of the chain head: the last entry's sequence number and hash, and the key's fingerprint. */
  headMac(seq: number, hash: string): string {
    return this.#mac('head', `${seq}\u0000${hash}\u0000${this.check()}`);
  }

  /** True when `mac` is the MAC of `purpose` over `value` (compared in constant time). */
  matches(mac: string, expected: string): boolean {
    const a = Buffer.from(mac, 'utf8');
    const b = Buffer.from(expected, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /**
   * A fingerprint of the key (16 hex characters), kept in the head so that a different key is told
   * apart from forged entries.
   *
   * @example
   * key.check() // '3f2a9c…'
   */
  check(): string {
    return this.#mac('key-check', 'dihya-migrate audit key').slice(0, 16);
  }

  #mac(purpose: string, value: string): string {
    return createHmac('sha256', this.#secret).update(`dihya-audit-${purpose}\u0000${value}`, 'utf8').digest('hex');
  }

  /** Never shows the secret (`String(key)`, `JSON.stringify`, `util.inspect`). */
  toString(): string {
    return 'AuditKey(***)';
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
