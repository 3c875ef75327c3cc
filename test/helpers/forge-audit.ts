import { readFileSync, writeFileSync } from 'node:fs';
import { decodeAuditLine, encodeAuditLine, type AuditEntry } from '../../src/audit/audit-line.ts';
import { connect } from '../../src/database/connect.ts';

/**
 * Rewrites an audit the way an attacker who controls both the file and the database would: entry
 * `seq` is changed by `change`, then it and every later entry are re-chained (new `prev`, new hash,
 * with audit-line.ts's own encoder), and the mirror table gets the same lines. `audit verify`
 * cannot tell; only an external anchor (a published bundle) can.
 */
export async function forgeAudit(url: string, file: string, seq: number, change: (entry: AuditEntry) => void, table = 'dihya_audit'): Promise<void> {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const entries = lines.map((line) => {
    const decoded = decodeAuditLine(line);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded;
  });
  const rewritten: { entry: AuditEntry; line: string; hash: string }[] = [];
  let prev = seq > 1 ? entries[seq - 2]!.hash : '0'.repeat(64);
  for (const { entry } of entries.slice(seq - 1)) {
    const copy: AuditEntry = { ...entry, prev };
    if (copy.seq === seq) change(copy);
    const { line, hash } = encodeAuditLine(copy);
    rewritten.push({ entry: copy, line, hash });
    prev = hash;
  }
  writeFileSync(file, [...lines.slice(0, seq - 1), ...rewritten.map((r) => r.line)].join('\n') + '\n');
  const target = await connect(url);
  try {
    await target.db.deleteFrom(table).where('seq', '>=', seq).execute();
    for (const { entry, line, hash } of rewritten) {
      await target.db.insertInto(table).values({ seq: entry.seq, ts: entry.ts, event: entry.event, hash, line }).execute();
    }
  } finally {
    await target.close();
  }
}
