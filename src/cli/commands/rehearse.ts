import { DihyaError } from '../../errors/dihya-error.ts';
import type { RehearsalReport, StepFigures } from '../../rehearse/rehearse.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';

/** `rehearse [--to <version>] [--anonymize]`: the pending migrations on a copy of the data; exit 1 (REHEARSAL_FAILED) when they fail there. */
export async function rehearseCommand(globals: GlobalOptions, options: { to?: string; anonymize?: boolean }, io: CliIo): Promise<CommandResult> {
  const report = await withMigrator(
    globals,
    (m) => m.rehearse({ ...(options.to ? { to: options.to } : {}), ...(options.anonymize ? { anonymize: true } : {}) }),
    progressPrinter(io, globals.m, !globals.json),
    rehearsalFailure,
  );
  const failure = rehearsalFailure(report);
  return { json: { ...report }, text: renderRehearsal(report, globals.m), ...(failure ? { failure } : {}) };
}

function rehearsalFailure(report: RehearsalReport): DihyaError<'REHEARSAL_FAILED'> | undefined {
  const f = report.failure;
  return f ? new DihyaError('REHEARSAL_FAILED', { phase: f.phase, name: f.name ?? '', reason: `${f.code}: ${f.message}` }) : undefined;
}

/**
 * The report for people: per migration each pass with its duration, rows changed, schema changes,
 * (PostgreSQL) locks and its backfills' throughput, then the round trip.
 *
 * @example
 * renderRehearsal(report, en) // ['copied sqlite:/app.db into a scratch database in 12 ms', '-- 20261127061249_add_email', '  up: ok in 4 ms', …]
 */
export function renderRehearsal(report: RehearsalReport, m: Messages): string[] {
  const t = m.rehearsal;
  if (report.result === 'nothing-pending') return [t.nothing];
  const lines = [t.copied(report.target, report.copyMs, report.anonymized)];
  for (const migration of report.migrations) {
    lines.push(t.migration(migration.name));
    for (const [pass, figures] of [
      ['up', migration.up],
      ['down', migration.down],
      ['up again', migration.upAgain],
    ] as const) {
      if (figures) lines.push(...renderStep(pass, figures, m));
    }
    lines.push(t.roundTrip[migration.roundTrip] ?? migration.roundTrip);
    for (const difference of migration.differences ?? []) lines.push(t.difference(difference));
  }
  const count = report.migrations.length;
  lines.push(report.result === 'passed' ? t.passed(count, report.durationMs, report.receipt ?? 0) : t.failed(report.receipt ?? 0));
  return lines;
}

function renderStep(pass: string, figures: StepFigures, m: Messages): string[] {
  const t = m.rehearsal;
  const lines = [t.step(pass, figures.durationMs, figures.ok)];
  const rows = Object.entries(figures.rowsChanged);
  if (rows.length > 0) lines.push(t.rows(rows.map(([table, n]) => `${table} ${n}`).join(', ')));
  lines.push(t.schema(figures.schemaChanges.length === 0 ? t.noSchemaChange : figures.schemaChanges.join('; ')));
  if (figures.locks && figures.locks.length > 0) {
    lines.push(t.locks(figures.locks.map((l) => `${l.table} ${l.mode}${l.granted ? '' : ' (waited)'} ~${l.heldMs} ms`).join(', ')));
  }
  for (const b of figures.backfills ?? []) lines.push(m.backfill.rehearsed(b.label, b.rows, b.rowsPerSecond, b.batches, b.longestBatchMs, b.durationMs));
  return lines;
}
