import path from 'node:path';
import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

const FIXED = new Set(['seq', 'ts', 'actor', 'target', 'event', 'prev', 'hash']);

/** `audit show [--limit n]`: the last entries of this database's audit log. */
export async function auditShowCommand(globals: GlobalOptions, options: { limit?: string }): Promise<CommandResult> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new DihyaError('USAGE', { reason: `--limit must be a whole number >= 1, got "${options.limit}"` });
  const { entries, file } = await withMigrator(globals, async (m) => ({ entries: m.safety.audit.entries().slice(-limit), file: m.safety.audit.file }));
  const text = entries.length === 0 ? [globals.m.audit.none(path.relative(globals.cwd, file))] : [];
  for (const e of entries) {
    const details = Object.entries(e)
      .filter(([k]) => !FIXED.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    text.push(`#${e.seq} ${e.ts} ${e.actor} ${e.event}${details ? ` ${details}` : ''}`);
  }
  return { json: { file, entries }, text };
}

/**
 * `audit verify [--against bundle.car]`: checks every entry's hash, the chain, and the database mirror; exit 1 naming the first
 * bad entry. With `--against`, also that the audit extends the one exported in that bundle (see dweb/).
 */
export async function auditVerifyCommand(globals: GlobalOptions, options: { against?: string } = {}): Promise<CommandResult> {
  // The failure is thrown inside withMigrator, so that the access log records it.
  const { report, file, against } = await withMigrator(globals, async (m) => {
    const verified = { report: await m.safety.audit.verify(), file: m.safety.audit.file };
    const first = verified.report.problems[0];
    if (first) {
      throw new DihyaError('AUDIT_TAMPERED', {
        seq: first.seq,
        fileLine: first.fileLine,
        file: path.basename(verified.file),
        reason: first.reason,
        more: verified.report.problems.length - 1,
      });
    }
    const against =
      options.against === undefined
        ? undefined
        : await (await import('../../dweb/verify-bundle.ts')).verifyBundle(m, path.resolve(globals.cwd, options.against), { migrations: false });
    return { ...verified, against };
  });
  const text = [globals.m.audit.ok(report.entries.length, path.relative(globals.cwd, file))];
  if (against) text.push(globals.m.dweb.auditExtends(against.audit.exported, against.audit.later));
  return {
    json: { file, entries: report.entries.length, intact: true, ...(against ? { against: { cid: against.cid, ...against.audit } } : {}) },
    text,
  };
}
