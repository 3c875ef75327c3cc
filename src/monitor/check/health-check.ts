import type { AuditEntry } from '../../audit/audit-line.ts';
import type { BackupManifest } from '../../backup/backup-manifest.ts';
import type { PipelineDeps } from '../../pipeline/run-context.ts';
import { readPlan } from '../../pipeline/run-phases.ts';
import { compareWithRecordedSchema } from '../schema-record.ts';

/** The checks `dihya-migrate check` runs, in this order. */
export const HEALTH_CHECKS = ['pending', 'drift', 'interrupted', 'schema', 'audit', 'backup'] as const;
export type HealthCheckName = (typeof HEALTH_CHECKS)[number];

/** One check: `ok`, `fail`, or `skip` (nothing to compare with, or not configured); `data` says what was found (names, counts, hashes, ages). */
export interface HealthCheck {
  name: HealthCheckName;
  status: 'ok' | 'fail' | 'skip';
  data: Record<string, unknown>;
}

/** What `check` found: healthy when no check failed. */
export interface HealthReport {
  healthy: boolean;
  target: string;
  checks: HealthCheck[];
}

/**
 * The read-only health check for cron and CI: pending migrations; drift (applied files edited,
 * missing, renamed; late older ones); an interrupted migration; the live schema against the one
 * the last run recorded (a change made by hand); the audit log's integrity; the age of the newest
 * verified backup (when `monitor.check.backupMaxAgeHours` is set). Creates nothing in the
 * database, takes no lock, writes no audit entry (the CLI's access log records the command).
 *
 * @example
 * const report = await runHealthCheck(deps)
 * if (!report.healthy) process.exitCode = 1
 */
export async function runHealthCheck(deps: PipelineDeps): Promise<HealthReport> {
  await deps.internalSchema.assertReadable();
  const plan = await readPlan(deps);
  const names = (...states: string[]) => plan.entries.filter((e) => states.includes(e.state)).map((e) => e.name);
  const checks: HealthCheck[] = [];
  const add = (name: HealthCheckName, failed: boolean, data: Record<string, unknown>) => checks.push({ name, status: failed ? 'fail' : 'ok', data });

  const pending = plan.pending.map((f) => f.name);
  add('pending', pending.length > 0, { count: pending.length, migrations: pending });
  const drift = { edited: names('edited'), missing: names('missing'), renamed: names('renamed'), outOfOrder: names('out-of-order') };
  add(
    'drift',
    Object.values(drift).some((list) => list.length > 0),
    drift,
  );
  const interrupted = names('interrupted');
  add('interrupted', interrupted.length > 0, { migrations: interrupted });

  const entries = deps.safety.audit.entries();
  const schema = await compareWithRecordedSchema(deps, entries);
  if (schema.status === 'unknown') checks.push({ name: 'schema', status: 'skip', data: { reason: schema.reason } });
  else add('schema', schema.status === 'differs', schema);

  const audit = await deps.safety.audit.verify();
  const first = audit.problems[0];
  add('audit', first !== undefined, { entries: audit.entries.length, problems: audit.problems.length, ...(first ? { first } : {}) });

  checks.push(await backupCheck(deps, entries));
  return { healthy: checks.every((c) => c.status !== 'fail'), target: deps.target.displayUrl, checks };
}

/**
 * The newest verified backup still in the store: proven by a restore (`backup verify`, or
 * `backup.verify: full`), or, with `backupVerifiedBy: checksum`, the newest whose files still match
 * their SHA-256. Fails when older than `backupMaxAgeHours`; skipped when that is not set.
 */
async function backupCheck(deps: PipelineDeps, entries: AuditEntry[]): Promise<HealthCheck> {
  const { backupMaxAgeHours, backupVerifiedBy } = deps.config.monitor.check;
  const stored = deps.safety.backups.list();
  const verified = backupVerifiedBy === 'restore' ? newestRestored(stored, entries) : await newestIntact(deps, stored);
  const ageHours = verified ? (Date.now() - Date.parse(verified.createdAt)) / 3_600_000 : undefined;
  const data = {
    verifiedBy: backupVerifiedBy,
    ...(verified ? { backup: verified.id, createdAt: verified.createdAt, ageHours: Math.round(ageHours! * 10) / 10 } : {}),
    ...(backupMaxAgeHours !== undefined ? { maxAgeHours: backupMaxAgeHours } : {}),
  };
  if (backupMaxAgeHours === undefined) return { name: 'backup', status: 'skip', data: { ...data, reason: 'not-configured' } };
  return { name: 'backup', status: ageHours === undefined || ageHours > backupMaxAgeHours ? 'fail' : 'ok', data };
}

function newestRestored(stored: BackupManifest[], entries: AuditEntry[]): BackupManifest | undefined {
  const proven = new Set(
    entries
      .filter((e) => (e.event === 'backup.verified' && e.identical === true) || (e.event === 'backup.created' && String(e.verified).startsWith('restored')))
      .map((e) => String(e.id)),
  );
  return stored.find((b) => proven.has(b.id));
}

async function newestIntact(deps: PipelineDeps, stored: BackupManifest[]): Promise<BackupManifest | undefined> {
  for (const backup of stored) {
    try {
      await deps.safety.backups.checkFiles(backup);
      return backup;
    } catch {
      // damaged or incomplete: look at the next older one
    }
  }
  return undefined;
}
