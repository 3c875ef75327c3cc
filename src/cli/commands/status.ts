import type { StatusReport } from '../../migrations/migrator.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';
import { formatTable } from '../format-table.ts';

/** `status`: every migration with its state, and any drift. Exit 0 even with problems (see `validate`). */
export async function statusCommand(globals: GlobalOptions): Promise<CommandResult> {
  const report = await withMigrator(globals, (m) => m.status());
  return { json: { ...report }, text: renderStatus(report) };
}

export function renderStatus(report: StatusReport): string[] {
  const lines = [`target: ${report.target}`];
  if (report.entries.length === 0) lines.push('no migrations yet (create one with `dihya-migrate new <slug>`)');
  else {
    lines.push(
      ...formatTable(
        ['version', 'name', 'state', 'applied at', 'ms', 'by'],
        report.entries.map((e) => [e.version, e.name.slice(15), e.state, e.appliedAt ?? '', e.durationMs?.toString() ?? '', e.appliedBy ?? '']),
      ),
    );
  }
  const pending = report.entries.filter((e) => e.state === 'pending').length;
  lines.push(`${report.entries.length - pending} applied or recorded, ${pending} pending`);
  for (const p of report.problems) lines.push(`problem [${p.code}]: ${p.message}`, `  hint: ${p.hint}`);
  return lines;
}
