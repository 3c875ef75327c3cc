import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AuditKey } from '../../src/audit/audit-key.ts';
import { decodeAuditLine, encodeAuditLine, GENESIS_HASH, type AuditEntry } from '../../src/audit/audit-line.ts';
import { appliedByAudit, crossCheckHistory } from '../../src/audit/history-cross-check.ts';
import type { KeyedHead } from '../../src/audit/keyed-head.ts';
import { verifySeal, type SealedLine } from '../../src/audit/verify-seal.ts';
import type { HistoryRow } from '../../src/migrations/history.ts';

const SECRET = 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8);
const key = AuditKey.fromEnv({ DIHYA_AUDIT_KEY: SECRET })!;

/** A chain of `events`, the first `unsealed` of them written before the key was set. */
function chain(events: Record<string, unknown>[], unsealed = 0): { lines: SealedLine[]; head: KeyedHead } {
  let prev = GENESIS_HASH;
  const lines = events.map((details, i) => {
    const entry = { seq: i + 1, ts: `2026-12-03T10:00:0${i}.000Z`, actor: 'ci', target: 'sqlite:x.db', event: 'access', ...details, prev } as AuditEntry;
    const { line, hash } = encodeAuditLine(entry, i < unsealed ? undefined : key);
    prev = hash;
    const decoded = decodeAuditLine(line);
    if (!decoded.ok) throw new Error(decoded.reason);
    return { seq: entry.seq, hash, ...(decoded.mac ? { mac: decoded.mac } : {}) };
  });
  const last = lines.at(-1)!;
  return { lines, head: { seq: last.seq, hash: last.hash, key: key.check(), mac: key.headMac(last.seq, last.hash) } };
}

const context = { file: 'audit.jsonl', historyRows: 0 };

describe('the seal of DIHYA_AUDIT_KEY', () => {
  it('accepts entries written before the key was set, then requires a MAC on every later one', () => {
    const { lines, head } = chain([{}, {}, {}, {}], 2);
    expect(verifySeal(lines, head, key, context)).toMatchObject({ keyed: true, sealedEntries: 2, sealedFrom: 3, problems: [] });
    const stripped = lines.map((l) => (l.seq === 4 ? { seq: l.seq, hash: l.hash } : l));
    expect(verifySeal(stripped, head, key, context).problems).toEqual([
      { seq: 4, reason: expect.stringMatching(/carries no MAC although the entries before it do/) },
    ]);
  });

  it('names a head behind the chain, ahead of it, forged, or missing', () => {
    const { lines, head } = chain([{}, {}, {}]);
    expect(verifySeal(lines.slice(0, 2), head, key, context).problems[0]!.reason).toMatch(/names entry 3, but the audit ends at entry 2/);
    expect(verifySeal([...lines, { ...lines[2]!, seq: 4 }], head, key, context).problems.map((p) => p.reason)).toContainEqual(
      expect.stringMatching(/entries after 3, where the keyed head ends, were added without DIHYA_AUDIT_KEY/),
    );
    expect(verifySeal(lines, { ...head, seq: 2 }, key, context).problems[0]!.reason).toMatch(/head’s MAC does not match/);
    expect(verifySeal(lines, undefined, key, context).problems[0]!.reason).toMatch(/head .* is missing although entries are sealed/);
    expect(verifySeal([], head, key, context).problems[0]!.reason).toMatch(/the audit is empty, but its keyed head names entry 3/);
  });

  it('without the key, counts sealed entries and checks nothing; another key is an error, not a forgery', () => {
    const { lines, head } = chain([{}, {}]);
    expect(verifySeal(lines, head, undefined, context)).toEqual({ keyed: false, sealedEntries: 2, sealedFrom: 1, problems: [] });
    const other = AuditKey.fromEnv({ DIHYA_AUDIT_KEY: 'z'.repeat(40) })!;
    expect(() => verifySeal(lines, head, other, context)).toThrow(expect.objectContaining({ code: 'AUDIT_KEY_MISMATCH' }));
  });

  it('never shows the secret', () => {
    expect(`${String(key)} ${JSON.stringify({ key })} ${inspect(key)}`).not.toContain('aaaa');
  });
});

const row = (version: string, appliedAt = '2026-12-03T09:00:00.000Z'): HistoryRow => ({
  version,
  name: `${version}_m`,
  checksum: 'c',
  kind: 'sql',
  status: 'applied',
  applied_at: appliedAt,
  duration_ms: 1,
  applied_by: 'ci',
});
const entry = (seq: number, event: string, details: Record<string, unknown> = {}): AuditEntry => ({
  seq,
  ts: `2026-12-03T10:00:00.00${seq}Z`,
  actor: 'ci',
  target: 't',
  event,
  prev: '',
  ...details,
});

describe('the history replayed from the audit', () => {
  it('follows applies, reverts, resolves and whole-database restores', () => {
    const entries = [
      entry(1, 'migration.applied', { version: 'v1', name: 'v1_m' }),
      entry(2, 'backup.created', { id: 'b1' }),
      entry(3, 'migration.applied', { version: 'v2', name: 'v2_m' }),
      entry(4, 'backup.created', { id: 'step', scope: ['notes'] }),
      entry(5, 'migration.reverted', { version: 'v1', name: 'v1_m' }),
      entry(6, 'migration.resolved', { version: 'v3', name: 'v3_m', outcome: 'applied' }),
      entry(7, 'restore.manual', { id: 'b1', safetyBackup: 'safety' }),
    ];
    expect([...appliedByAudit(entries).applied.keys()]).toEqual(['v1']);
    // Restoring the safety backup puts back what the restore replaced.
    const back = appliedByAudit([...entries, entry(8, 'restore.manual', { id: 'safety', safetyBackup: 's2' })]);
    expect([...back.applied.keys()].sort()).toEqual(['v2', 'v3']);
    expect(crossCheckHistory(entries, [row('v1')])).toEqual([]);
  });

  it('after a restore of a backup it does not know, compares only what it saw since', () => {
    const entries = [entry(1, 'restore.manual', { id: 'unknown', safetyBackup: 's' }), entry(2, 'migration.reverted', { version: 'v2', name: 'v2_m' })];
    expect(crossCheckHistory(entries, [row('v1')])).toEqual([]);
    expect(crossCheckHistory(entries, [row('v1'), row('v2')]).flatMap((p) => (p.version ? [p.version] : []))).toEqual(['v2']);
  });

  it('leaves rows of an interrupted run to status', () => {
    const entries = [entry(1, 'migration.applied', { version: 'v1', name: 'v1_m' })];
    expect(crossCheckHistory(entries, [{ ...row('v1'), status: 'failed' }])).toEqual([]);
  });
});
