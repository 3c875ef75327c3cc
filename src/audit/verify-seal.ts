import { DihyaError } from '../errors/dihya-error.ts';
import type { AuditKey } from './audit-key.ts';
import type { KeyedHead } from './keyed-head.ts';
import type { AuditProblem } from './verify-chain.ts';

/** One entry of the chain as the seal sees it. */
export interface SealedLine {
  seq: number;
  hash: string;
  mac?: string;
  fileLine?: number;
}

/** What the key says about the chain. */
export interface SealReport {
  /** `unkeyed`: DIHYA_AUDIT_KEY is not set, so nothing resists someone who can write the file and the mirror. */
  keyed: boolean;
  /** Entries that carry a MAC (checked only with the key). */
  sealedEntries: number;
  /** The first sealed entry: those before it were written before the key was set. */
  sealedFrom?: number;
  problems: AuditProblem[];
}

/**
 * Checks the chain against DIHYA_AUDIT_KEY: every entry from the first sealed one on carries the
 * right MAC, and the keyed head (see audit-key.ts) has the right MAC and names the last entry.
 * Without the key, only counts the sealed entries (`keyed: false`). A head sealed with another key
 * throws AUDIT_KEY_MISMATCH rather than reporting every entry as forged.
 *
 * @example
 * const seal = verifySeal(lines, head, key, { file: 'audit-sqlite-app.jsonl', historyRows: 3 })
 * seal.problems // [{ seq: 14, reason: 'the keyed head names entry 14, but the audit ends at entry 12: …' }]
 */
export function verifySeal(
  lines: SealedLine[],
  head: KeyedHead | 'unreadable' | undefined,
  key: AuditKey | undefined,
  context: { file: string; historyRows: number },
): SealReport {
  const sealed = lines.filter((l) => l.mac !== undefined);
  const sealedFrom = sealed[0]?.seq;
  const base = { sealedEntries: sealed.length, ...(sealedFrom !== undefined ? { sealedFrom } : {}) };
  if (!key) return { keyed: false, ...base, problems: [] };
  if (head && head !== 'unreadable' && head.key !== key.check()) throw new DihyaError('AUDIT_KEY_MISMATCH', { file: context.file });
  const problems: AuditProblem[] = [];
  const at = (line: SealedLine) => ({ seq: line.seq, ...(line.fileLine ? { fileLine: line.fileLine } : {}) });
  let sealing = false;
  for (const line of lines) {
    if (line.mac !== undefined) {
      sealing = true;
      if (!key.matches(line.mac, key.lineMac(line.hash))) {
        problems.push({
          ...at(line),
          reason: 'has a MAC that does not match DIHYA_AUDIT_KEY (this entry or one before it was rewritten, with the hashes recomputed)',
        });
      }
    } else if (sealing) {
      problems.push({ ...at(line), reason: 'carries no MAC although the entries before it do (written or rewritten without DIHYA_AUDIT_KEY)' });
    }
  }
  problems.push(...headProblems(lines, head, key, context.historyRows, sealing));
  return { keyed: true, ...base, problems };
}

function headProblems(lines: SealedLine[], head: KeyedHead | 'unreadable' | undefined, key: AuditKey, historyRows: number, sealing: boolean): AuditProblem[] {
  const last = lines.at(-1);
  // Problems of the chain as a whole (seq 0), except a last entry that is not the one the head names.
  const seq = 0;
  if (head === 'unreadable') return [{ seq, reason: 'the keyed chain head (row 0 of the mirror) is not a head: it was overwritten' }];
  if (!head) {
    if (sealing) return [{ seq, reason: 'the keyed chain head (row 0 of the mirror) is missing although entries are sealed: it was removed' }];
    if (!last && historyRows === 0) return [];
    return [
      {
        seq,
        reason:
          'no entry is sealed with DIHYA_AUDIT_KEY: either the key was never used for this audit (the next command that writes the audit starts sealing it), ' +
          'or the sealed entries and the keyed head were removed',
      },
    ];
  }
  if (!key.matches(head.mac, key.headMac(head.seq, head.hash)))
    return [{ seq, reason: 'the keyed chain head’s MAC does not match DIHYA_AUDIT_KEY: it was forged' }];
  if (!last) return [{ seq, reason: `the audit is empty, but its keyed head names entry ${head.seq}: the file and the mirror were wiped` }];
  if (head.seq > last.seq) {
    return [{ seq, reason: `the keyed head names entry ${head.seq}, but the audit ends at entry ${last.seq}: entries were cut off the end` }];
  }
  if (head.seq < last.seq) {
    return [{ seq, reason: `entries after ${head.seq}, where the keyed head ends, were added without DIHYA_AUDIT_KEY` }];
  }
  if (head.hash !== last.hash) return [{ seq: last.seq, reason: 'is not the entry the keyed head names (the chain was rewritten up to its end)' }];
  return [];
}
