import type { Kysely } from 'kysely';
import type { AuditKey } from './audit-key.ts';
import { executeMaybeHeld } from '../database/held-statements.ts';

/** The mirror row that holds the keyed chain head: never an entry (entries start at 1). */
export const HEAD_SEQ = 0;

/** The keyed chain head: where the chain ended when it was last written with the key. */
export interface KeyedHead {
  /** Sequence number and hash of the last entry. */
  seq: number;
  hash: string;
  /** Fingerprint of the key that sealed it (AuditKey.check()). */
  key: string;
  /** HMAC of the three above (AuditKey.headMac). */
  mac: string;
}

/**
 * The head as a mirror row (`seq` 0): rewritten with every keyed entry, in the entry's own
 * transaction, so that it always names the mirror's last entry (`held`: see heldUntilNext).
 *
 * @example
 * await writeKeyedHead(trx, 'dihya_audit', key, { seq: 12, hash: '9f86…' }, '2026-12-03T10:00:00.000Z')
 */
export async function writeKeyedHead(
  db: Kysely<any>,
  table: string,
  key: AuditKey,
  end: { seq: number; hash: string },
  ts: string,
  held = false,
): Promise<void> {
  const head: KeyedHead = { seq: end.seq, hash: end.hash, key: key.check(), mac: key.headMac(end.seq, end.hash) };
  await executeMaybeHeld(db, db.deleteFrom(table).where('seq', '=', HEAD_SEQ), held);
  await executeMaybeHeld(db, db.insertInto(table).values({ seq: HEAD_SEQ, ts, event: 'audit.head', hash: head.mac, line: JSON.stringify(head) }), held);
}

/**
 * Decodes the head row's line; undefined when there is none, `'unreadable'` when it is not a head.
 *
 * @example
 * decodeKeyedHead('{"seq":12,"hash":"9f86…","key":"3f2a…","mac":"…"}') // { seq: 12, … }
 */
export function decodeKeyedHead(line: string | undefined): KeyedHead | 'unreadable' | undefined {
  if (line === undefined) return undefined;
  try {
    const head = JSON.parse(line) as Partial<KeyedHead>;
    const hex = (v: unknown, n: number) => typeof v === 'string' && new RegExp(`^[0-9a-f]{${n}}$`).test(v);
    if (Number.isInteger(head.seq) && hex(head.hash, 64) && hex(head.key, 16) && hex(head.mac, 64)) return head as KeyedHead;
  } catch {
    // not JSON: unreadable
  }
  return 'unreadable';
}
