import type { StatusReport } from '../../migrator/migrator.ts';
import { formatTable } from '../format-table.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CommandResult } from '../output.ts';

/** `status`: every migration with its state, schema change, and any drift. Exit 0 even with problems (see `validate`). */
export async function statusCommand(globals: GlobalOptions): Promise<CommandResult> {
  const report = await withMigrator(globals, (m) => m.status());
  return { json: { ...report }, text: renderStatus(report, globals.m) };
}

export function renderStatus(report: StatusReport, m: Messages): string[] {
  const lines = [m.status.target(report.target)];
  if (report.entries.length === 0) lines.push(m.status.none);
  else {
    lines.push(
      ...formatTable(
        m.status.headers,
        report.entries.map((e) => [
          e.version,
          e.name.slice(15),
          e.state === 'backfilling' && e.progress ? m.backfill.state(e.progress.done, e.progress.total) : (m.status.states[e.state] ?? e.state),
          e.appliedAt ?? '',
          e.durationMs?.toString() ?? '',
          e.appliedBy ?? '',
          (e.schemaChange ?? '').split('\n').join('; '),
        ]),
      ),
    );
  }
  const pending = report.entries.filter((e) => e.state === 'pending').length;
  lines.push(m.status.summary(report.entries.length - pending, pending));
  for (const e of report.entries) if (e.state === 'backfilling' && e.progress) lines.push(m.backfill.resumable(e.name, e.progress.done, e.progress.total));
  if (report.erasures) lines.push(m.privacy.statusErasures(report.erasures.recorded, report.erasures.latestBackupPredates));
  if (report.rehearsal) {
    const r = report.rehearsal;
    lines.push(r.rehearsed ? m.rehearsal.statusRehearsed(r.receiptAt ?? '') : m.rehearsal.statusNotRehearsed(r.reason ?? '', r.required));
  }
  for (const p of report.problems) lines.push(`${m.labels.problem} [${p.code}]: ${p.message}`, `  ${m.labels.hint}: ${p.hint}`);
  return lines;
}
