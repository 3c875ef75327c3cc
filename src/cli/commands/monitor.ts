import { DihyaError } from '../../errors/dihya-error.ts';
import type { HealthCheck, HealthReport } from '../../monitor/check/health-check.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CommandResult } from '../output.ts';

/** `check`: the read-only health check; exit 1 (CHECK_FAILED) when a check failed, with every check listed. */
export async function checkCommand(globals: GlobalOptions): Promise<CommandResult> {
  const report = await withMigrator(globals, (m) => m.check(), undefined, checkFailure);
  const failure = checkFailure(report);
  return { json: { ...report }, text: renderCheck(report, globals.m), ...(failure ? { failure } : {}) };
}

/** `metrics`: the Prometheus text of the database (JSON with --json); pushed and written when asked. */
export async function metricsCommand(globals: GlobalOptions): Promise<CommandResult> {
  const exported = await withMigrator(globals, (m) => m.metrics());
  const t = globals.m.monitor.metrics;
  const text = [exported.text.trimEnd()];
  if (exported.writtenTo) text.push(t.written(exported.writtenTo));
  if (exported.pushedTo) text.push(t.pushed(exported.pushedTo));
  return {
    json: {
      metrics: exported.json,
      ...(exported.pushedTo ? { pushedTo: exported.pushedTo } : {}),
      ...(exported.writtenTo ? { writtenTo: exported.writtenTo } : {}),
    },
    text,
  };
}

function checkFailure(report: HealthReport): DihyaError<'CHECK_FAILED'> | undefined {
  const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.name);
  return failed.length === 0 ? undefined : new DihyaError('CHECK_FAILED', { failed: failed.join(', '), count: failed.length });
}

/**
 * One line per check, in the chosen language.
 *
 * @example
 * renderCheck(report, en) // ['check: sqlite:/app.db', '[ok]   pending: none', …, 'healthy']
 */
export function renderCheck(report: HealthReport, m: Messages): string[] {
  const t = m.monitor.check;
  const lines = [t.target(report.target)];
  for (const check of report.checks) lines.push(`${t.status[check.status]} ${describeCheck(check, m)}`);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push(failed === 0 ? t.healthy : t.unhealthy(failed));
  return lines;
}

function describeCheck(check: HealthCheck, m: Messages): string {
  const t = m.monitor.check;
  const d = check.data as Record<string, any>;
  const list = (names: string[]) => names.join(', ');
  switch (check.name) {
    case 'pending':
      return d.count === 0 ? t.pendingOk : t.pending(d.count, list(d.migrations));
    case 'drift': {
      const parts = Object.entries(d as Record<string, string[]>)
        .filter(([, names]) => names.length > 0)
        .map(([kind, names]) => `${t.driftParts[kind] ?? kind} ${list(names)}`);
      return parts.length === 0 ? t.driftOk : t.drift(parts.join('; '));
    }
    case 'interrupted':
      return d.migrations.length === 0 ? t.interruptedOk : t.interrupted(list(d.migrations));
    case 'schema':
      if (check.status === 'skip') return d.reason === 'not-recorded' ? t.schemaNotRecorded : t.schemaChangedSince;
      if (check.status === 'ok') return t.schemaOk(d.recordedAt);
      return t.schemaDiffers(d.recordedAt, d.recorded.tables, d.live.tables, String(d.recorded.hash).slice(0, 12), String(d.live.hash).slice(0, 12));
    case 'audit':
      return d.first ? t.audit(d.first.seq, d.first.reason, d.problems - 1) : t.auditOk(d.entries);
    case 'backup': {
      const newest = d.backup ? t.backupNewest(d.backup, d.ageHours) : t.backupNone;
      if (check.status === 'skip') return t.backupInfo(newest);
      return check.status === 'ok' ? t.backupOk(d.backup, d.ageHours, d.maxAgeHours) : t.backupStale(d.maxAgeHours, newest);
    }
  }
}
