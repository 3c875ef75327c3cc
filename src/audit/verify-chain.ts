import { decodeAuditLine, GENESIS_HASH, type AuditEntry } from './audit-line.ts';

/**
 * A broken place in the audit: which entry (sequence number, and file line when known; 0 for the
 * audit as a whole), or which migration for a disagreement with the history, and why.
 */
export interface AuditProblem {
  seq: number;
  fileLine?: number;
  /** The migration, for a disagreement between the audit and the history. */
  version?: string;
  reason: string;
}

export interface ChainReport {
  entries: AuditEntry[];
  problems: AuditProblem[];
}

/**
 * Checks an audit file against itself (each line's hash, sequence numbers, links to the previous
 * hash) and against its database mirror (same lines, none missing on either side).
 *
 * @example
 * const report = verifyAuditChain(readFileSync(file, 'utf8').split('\n'), mirrorRows)
 * if (report.problems.length) console.log(`entry ${report.problems[0].seq}: ${report.problems[0].reason}`)
 */
export function verifyAuditChain(fileLines: string[], mirror: { seq: number; line: string }[]): ChainReport {
  const problems: AuditProblem[] = [];
  const entries: AuditEntry[] = [];
  const terminated = fileLines.length === 0 || fileLines.at(-1) === '';
  const lines = terminated ? fileLines.slice(0, -1) : fileLines;
  const lineSeqs: number[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  lines.forEach((line, index) => {
    const fileLine = index + 1;
    const decoded = decodeAuditLine(line);
    if (!decoded.ok) {
      problems.push({ seq: expectedSeq, fileLine, reason: decoded.reason });
      lineSeqs.push(expectedSeq);
      expectedSeq++;
      prevHash = '';
      return;
    }
    const { entry, hash } = decoded;
    if (entry.seq !== expectedSeq) {
      problems.push({ seq: entry.seq, fileLine, reason: `sequence number ${entry.seq} where ${expectedSeq} was expected (an entry is missing or moved)` });
    } else if (prevHash !== '' && entry.prev !== prevHash) {
      problems.push({ seq: entry.seq, fileLine, reason: 'does not link to the previous entry (an entry before it was changed, removed or inserted)' });
    }
    entries.push(entry);
    lineSeqs.push(entry.seq);
    prevHash = hash;
    expectedSeq = entry.seq + 1;
  });

  if (!terminated && lines.length > 0) {
    problems.push({ seq: lineSeqs.at(-1)!, fileLine: lines.length, reason: 'the last line is not terminated (the file was cut or appended to)' });
  }
  const mirrorBySeq = new Map(mirror.map((row) => [Number(row.seq), row.line]));
  lines.forEach((line, index) => {
    const seq = lineSeqs[index]!;
    const mirrored = mirrorBySeq.get(seq);
    if (mirrored === undefined) problems.push({ seq, fileLine: index + 1, reason: 'missing from the database mirror' });
    else if (mirrored !== line) problems.push({ seq, fileLine: index + 1, reason: 'differs from the database mirror' });
    mirrorBySeq.delete(seq);
  });
  for (const seq of mirrorBySeq.keys()) problems.push({ seq, reason: 'in the database mirror but missing from the file' });
  const unique = new Map(problems.map((p) => [`${p.seq}:${p.reason}`, p]));
  return { entries, problems: [...unique.values()].sort((a, b) => a.seq - b.seq) };
}
