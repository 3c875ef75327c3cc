import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeAuditLine, encodeAuditLine, GENESIS_HASH, type AuditEntry } from '../../src/audit/audit-line.ts';
import { connect } from '../../src/database/connect.ts';

/** How the attacker rewrites: which copies, and whether the old `mac` texts are pasted back into the new lines. */
export interface RewriteOptions {
  /** Rewrite the file (default true). */
  file?: boolean;
  /** Rewrite the mirror table (default true). */
  mirror?: boolean;
  /** Paste each entry's old MAC back (a line without the key cannot get a right one). */
  keepMacs?: boolean;
  /** Also delete the keyed head row (seq 0). */
  dropHead?: boolean;
  table?: string;
}

/**
 * Rewrites a whole audit the way someone who can write the file and the database would, with the
 * project's own encoder: `change` gets the entries (oldest first) and returns the new list, which
 * is renumbered from 1 and re-chained (new `prev`, new hashes). The keyed head row (seq 0) is
 * left as it is unless `dropHead`. Without the key, `audit verify` cannot tell.
 *
 * @example
 * await rewriteAudit(db.url, file, (entries) => entries.filter((e) => e.event !== 'migration.applied'))
 */
export async function rewriteAudit(url: string, file: string, change: (entries: AuditEntry[]) => AuditEntry[], options: RewriteOptions = {}): Promise<void> {
  const table = options.table ?? 'dihya_audit';
  const target = await connect(url);
  try {
    const source = existsSync(file)
      ? readFileSync(file, 'utf8').split('\n').filter(Boolean)
      : (await target.db.selectFrom(table).select('line').where('seq', '>', 0).orderBy('seq').execute()).map((r) => String(r.line));
    const decoded = source.map((line) => {
      const d = decodeAuditLine(line);
      if (!d.ok) throw new Error(d.reason);
      return d;
    });
    const macs = decoded.map((d) => d.mac);
    let prev = GENESIS_HASH;
    const lines = change(decoded.map((d) => ({ ...d.entry }))).map((entry, i) => {
      const { line, hash } = encodeAuditLine({ ...entry, seq: i + 1, prev });
      prev = hash;
      const mac = options.keepMacs ? macs[i] : undefined;
      return { seq: i + 1, entry: { ...entry, seq: i + 1 }, hash, line: mac ? `${line.slice(0, -1)},"mac":"${mac}"}` : line };
    });
    if (options.file !== false) writeFileSync(file, lines.map((l) => `${l.line}\n`).join(''));
    if (options.mirror !== false) {
      await target.db
        .deleteFrom(table)
        .where('seq', options.dropHead ? '>=' : '>', 0)
        .execute();
      for (const { entry, hash, line } of lines) {
        await target.db.insertInto(table).values({ seq: entry.seq, ts: entry.ts, event: entry.event, hash, line }).execute();
      }
    } else if (options.dropHead) {
      await target.db.deleteFrom(table).where('seq', '=', 0).execute();
    }
  } finally {
    await target.close();
  }
}
