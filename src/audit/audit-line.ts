import { createHash } from 'node:crypto';
import type { AuditKey } from './audit-key.ts';

/** The hash that the first entry of a chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit entry as written: `seq`, ISO `ts`, `actor`, `target`, `event`, details, `prev` hash. */
export interface AuditEntry {
  seq: number;
  ts: string;
  actor: string;
  target: string;
  event: string;
  prev: string;
  [detail: string]: unknown;
}

/**
 * Encodes an entry as one JSON line whose last fields are the SHA-256 of everything before it
 * (`hash`), so that changing any byte of the line (or of the previous line, through `prev`) is
 * detected, and, when given, the line's MAC under DIHYA_AUDIT_KEY (`mac`, see audit-key.ts).
 *
 * @example
 * const { line, hash } = encodeAuditLine({ seq: 1, ts: '2026-11-27T06:00:00.000Z', actor: 'ci', target: 'sqlite:app.db', event: 'run.start', prev: GENESIS_HASH })
 */
export function encodeAuditLine(entry: AuditEntry, key?: AuditKey): { line: string; hash: string } {
  const body = JSON.stringify(entry);
  const hash = sha256(body);
  const mac = key ? `,"mac":"${key.lineMac(hash)}"` : '';
  return { line: `${body.slice(0, -1)},"hash":"${hash}"${mac}}`, hash };
}

const LINE = /^(\{.*),"hash":"([0-9a-f]{64})"(?:,"mac":"([0-9a-f]{64})")?\}$/;

/** What decoding one line found: the entry, its hash and its MAC if sealed, or why the line is not a valid entry. */
export type DecodedAuditLine = { ok: true; entry: AuditEntry; hash: string; mac?: string } | { ok: false; reason: string };

/**
 * Decodes one line and checks its own hash (not its place in the chain).
 *
 * @example
 * decodeAuditLine(line) // { ok: true, entry, hash } or { ok: false, reason: 'hash does not match the content' }
 */
export function decodeAuditLine(line: string): DecodedAuditLine {
  const match = LINE.exec(line);
  if (!match) return { ok: false, reason: 'not an audit line (no trailing hash)' };
  const body = `${match[1]}}`;
  if (sha256(body) !== match[2]) return { ok: false, reason: 'hash does not match the content' };
  let entry: AuditEntry;
  try {
    entry = JSON.parse(body) as AuditEntry;
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  return { ok: true, entry, hash: match[2], ...(match[3] ? { mac: match[3] } : {}) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
