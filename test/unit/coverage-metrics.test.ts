import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/monitor/metrics/build-registry.ts';
import { labelKey, stateFromAudit, type MetricsState } from '../../src/monitor/metrics/metrics-state.ts';

/** The state of a database whose audit holds nothing yet. */
const emptyState = (): MetricsState => stateFromAudit([]);

const options = { target: 'sqlite:app.db', dialect: 'sqlite', includeLastSuccess: true };

describe('the Prometheus registry of a database', () => {
  it('leaves out what is not known (no backup, no audit read, no live state, runs without timestamps)', async () => {
    const state = emptyState();
    state.runs.set('up', {});
    const text = await buildRegistry(state, options).metrics();
    for (const absent of [
      'dihya_backup_last_size_bytes',
      'dihya_backup_last_verified_timestamp_seconds',
      'dihya_lock_wait_seconds',
      'dihya_audit_chain_valid',
      'dihya_migrations_pending',
      'dihya_migrations_drifted',
      'dihya_migrations_interrupted',
      'dihya_schema_drift',
    ])
      expect(text).not.toContain(`${absent} `);
    expect(text).not.toMatch(/dihya_last_run_timestamp_seconds\{command="up"/);
    expect(text).toMatch(/dihya_migrations_failed_total\{direction="up",outcome="partial",target="sqlite:app.db",dialect="sqlite"\} 0/);
  });

  it('says 0 for a tampered audit, and writes every live figure it is given', async () => {
    const state: MetricsState = {
      ...emptyState(),
      audit: { valid: false, entries: 7 },
      pending: 2,
      drifted: { edited: 1, missing: 0, renamed: 0, 'out-of-order': 0 },
      interrupted: 1,
      schemaDrift: 1,
      lockWaitSeconds: 1.5,
      lastBackup: { at: 1_700_000_000, bytes: 2048 },
      lastVerifiedBackupAt: 1_700_000_100,
      restores: new Map([[labelKey('manual', 'differs'), 1]]),
      migrationsFailed: new Map([[labelKey('down', 'restored'), 2]]),
      runs: new Map([
        ['up', { lastRunAt: 1_700_000_200, lastRunOk: false }],
        ['down', { lastRunAt: 1_700_000_300, lastRunOk: true, lastSuccessAt: 1_700_000_300 }],
      ]),
    };
    const text = await buildRegistry(state, options).metrics();
    const value = (name: string) => new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[2];
    expect(value('dihya_audit_chain_valid')).toBe('0');
    expect(value('dihya_audit_entries')).toBe('7');
    expect(value('dihya_migrations_pending')).toBe('2');
    expect(value('dihya_migrations_interrupted')).toBe('1');
    expect(value('dihya_schema_drift')).toBe('1');
    expect(value('dihya_lock_wait_seconds')).toBe('1.5');
    expect(value('dihya_backup_last_size_bytes')).toBe('2048');
    expect(text).toMatch(/dihya_migrations_drifted\{state="edited",[^}]*\} 1/);
    expect(text).toMatch(/dihya_restores_total\{kind="manual",result="differs",[^}]*\} 1/);
    expect(text).toMatch(/dihya_migrations_failed_total\{direction="down",outcome="restored",[^}]*\} 2/);
    expect(text).toMatch(/dihya_last_run_success\{command="up",[^}]*\} 0/);
    expect(text).toMatch(/dihya_last_success_timestamp_seconds\{command="down",[^}]*\} 1700000300/);
    expect(text).not.toMatch(/dihya_last_success_timestamp_seconds\{command="up"/);
    const withoutSuccess = await buildRegistry(state, { ...options, includeLastSuccess: false }).metrics();
    expect(withoutSuccess).not.toContain('dihya_last_success_timestamp_seconds');
  });
});
