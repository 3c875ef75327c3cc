import type { HistoryRow } from './history-cross-check.ts';
import type { AuditKey } from './audit-key.ts';
import { decodeAuditLine } from './audit-line.ts';
import { crossCheckHistory } from './history-cross-check.ts';
import type { KeyedHead } from './keyed-head.ts';
import { verifyAuditChain, type ChainReport } from './verify-chain.ts';
import { verifySeal, type SealedLine, type SealReport } from './verify-seal.ts';

/** Everything `audit verify` checks, with every problem found (never only the first). */
export interface AuditReport extends ChainReport {
  /**
   * False when there is no audit file here (a fresh checkout, or a file moved aside): the mirror
   * alone was checked, and the next command that writes the audit rebuilds the file from it.
   */
  fileFound: boolean;
  /** Entries in the database mirror. */
  mirrorEntries: number;
  /** What DIHYA_AUDIT_KEY says (or that it is not set). */
  seal: SealReport;
  /** Whether the history was compared with the audit. */
  historyChecked: boolean;
}

/** What {@link verifyAudit} reads: the file's lines (undefined when there is no file), the mirror rows, the keyed head, the key, the history. */
export interface AuditSources {
  file: string;
  fileLines: string[] | undefined;
  mirror: { seq: number; line: string }[];
  head: KeyedHead | 'unreadable' | undefined;
  key: AuditKey | undefined;
  history?: HistoryRow[];
}

/**
 * Checks the audit in three ways and lists every problem: the chain (each line's hash, links,
 * file against mirror), the seal (DIHYA_AUDIT_KEY's MACs and keyed head, see audit-key.ts), and
 * the history (every applied migration has its `migration.applied` entry and no such entry lacks
 * its row; an empty or restarted audit where history exists).
 *
 * @example
 * const report = verifyAudit({ file, fileLines: text.split('\n'), mirror, head, key, history: rows })
 * report.problems.map((p) => p.reason)
 */
export function verifyAudit(sources: AuditSources): AuditReport {
  const fileFound = sources.fileLines !== undefined;
  const mirrorLines = [...sources.mirror.map((r) => r.line), ''];
  const chain = fileFound
    ? verifyAuditChain(sources.fileLines!, sources.mirror)
    : verifyAuditChain(
        mirrorLines,
        sources.mirror.map((r) => ({ seq: r.seq, line: r.line })),
      );
  const lines: SealedLine[] = (fileFound ? sources.fileLines! : mirrorLines).flatMap((line, index) => {
    const decoded = decodeAuditLine(line);
    if (!decoded.ok) return [];
    return [{ seq: decoded.entry.seq, hash: decoded.hash, ...(decoded.mac ? { mac: decoded.mac } : {}), ...(fileFound ? { fileLine: index + 1 } : {}) }];
  });
  const applied = (sources.history ?? []).filter((r) => r.status === 'applied').length;
  const seal = verifySeal(lines, sources.head, sources.key, { file: sources.file, historyRows: applied });
  const history = sources.history ? crossCheckHistory(chain.entries, sources.history) : [];
  return {
    entries: chain.entries,
    problems: [...chain.problems, ...seal.problems, ...history],
    fileFound,
    mirrorEntries: sources.mirror.length,
    seal,
    historyChecked: sources.history !== undefined,
  };
}
