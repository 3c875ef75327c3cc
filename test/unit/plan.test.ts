import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../src/migrations/checksum.ts';
import type { MigrationFile } from '../../src/migrations/discover.ts';
import type { HistoryRow } from '../../src/migrations/history.ts';
import { computePlan } from '../../src/migrations/plan.ts';
import { lastApplied, pickForDown, upTo } from '../../src/pipeline/run-phases.ts';

const file = (version: string, slug: string, text = `-- migrate:up\nselect ${version};\n`): MigrationFile => ({
  version,
  slug,
  name: `${version}_${slug}`,
  kind: 'sql',
  file: `/m/${version}_${slug}.sql`,
  text,
  checksum: migrationChecksum(text),
});
const row = (f: MigrationFile, overrides: Partial<HistoryRow> = {}): HistoryRow => ({
  version: f.version,
  name: f.name,
  checksum: f.checksum,
  kind: f.kind,
  status: 'applied',
  applied_at: '2026-01-01T00:00:00.000Z',
  duration_ms: 3,
  applied_by: 'ci@host',
  ...overrides,
});

const a = file('20260101000000', 'a');
const b = file('20260102000000', 'b');
const c = file('20260103000000', 'c');

describe('computePlan: files against history, no database', () => {
  it('lists applied and pending migrations in version order', () => {
    const plan = computePlan([c, a, b], [row(a)]);
    expect(plan.entries.map((e) => [e.version, e.state])).toEqual([
      [a.version, 'applied'],
      [b.version, 'pending'],
      [c.version, 'pending'],
    ]);
    expect(plan.pending.map((f) => f.version)).toEqual([b.version, c.version]);
    expect(plan.problems).toEqual([]);
    expect(plan.entries[0]).toMatchObject({ appliedAt: '2026-01-01T00:00:00.000Z', durationMs: 3, appliedBy: 'ci@host' });
  });

  it('finds an edited, a missing and a renamed applied migration', () => {
    const edited = { ...a, text: 'changed', checksum: migrationChecksum('changed') };
    const renamed = { ...b, slug: 'b2', name: `${b.version}_b2` };
    const plan = computePlan([edited, renamed], [row(a), row(b), row(c)]);
    expect(plan.entries.map((e) => e.state)).toEqual(['edited', 'renamed', 'missing']);
    expect(plan.problems.map((p) => p.code)).toEqual(['DRIFT_EDITED', 'DRIFT_RENAMED', 'DRIFT_MISSING']);
    expect(plan.problemByVersion.get(a.version)?.message).toContain(a.checksum.slice(0, 12));
    expect(plan.pending).toEqual([]);
  });

  it('refuses an older pending migration unless out of order is allowed', () => {
    const strict = computePlan([a, b, c], [row(a), row(c)]);
    expect(strict.entries.find((e) => e.version === b.version)?.state).toBe('out-of-order');
    expect(strict.problems.map((p) => p.code)).toEqual(['OUT_OF_ORDER']);
    expect(strict.pending).toEqual([]);
    const allowed = computePlan([a, b, c], [row(a), row(c)], { outOfOrder: true });
    expect(allowed.pending.map((f) => f.version)).toEqual([b.version]);
    expect(allowed.problems).toEqual([]);
  });

  it('reports a migration left running or failed as interrupted, with its status', () => {
    const plan = computePlan([a, b], [row(a), row(b, { status: 'running' })]);
    expect(plan.entries.map((e) => e.state)).toEqual(['applied', 'interrupted']);
    expect(plan.problems[0]!.code).toBe('INTERRUPTED');
    expect(plan.problems[0]!.message).toContain('(running)');
    expect(computePlan([a], [row(a, { status: 'failed' })]).problems[0]!.message).toContain('(failed)');
  });

  it('is empty for an empty folder and an empty history', () => {
    expect(computePlan([], [])).toMatchObject({ entries: [], pending: [], problems: [] });
  });
});

describe('run-phases helpers: what up and down pick', () => {
  const rows = [row(a), row(b), row(c, { status: 'running' })];
  it('takes the newest applied version, ignoring interrupted rows', () => {
    expect(lastApplied(rows)).toBe(b.version);
    expect(lastApplied([])).toBeNull();
  });

  it('stops at --to (a version or a full name) and refuses an unknown one', () => {
    const plan = computePlan([a, b, c], []);
    expect(upTo(plan.pending, b.version, plan).map((f) => f.version)).toEqual([a.version, b.version]);
    expect(upTo(plan.pending, b.name, plan).map((f) => f.version)).toEqual([a.version, b.version]);
    expect(upTo(plan.pending, undefined, plan)).toHaveLength(3);
    expect(() => upTo(plan.pending, '20990101000000', plan)).toThrow(/Unknown migration version/);
  });

  it('reverts the newest first: one step by default, n steps, or everything after a version', () => {
    const applied = [row(a), row(b), row(c)];
    expect(pickForDown(applied, {}).map((r) => r.version)).toEqual([c.version]);
    expect(pickForDown(applied, { steps: 2 }).map((r) => r.version)).toEqual([c.version, b.version]);
    expect(pickForDown(applied, { to: a.version }).map((r) => r.version)).toEqual([c.version, b.version]);
    expect(() => pickForDown(applied, { to: '20990101000000' })).toThrow(/is not applied/);
  });
});
