import path from 'node:path';
import { auditTampered, describeAuditProblem } from '../../audit/audit-problems.ts';
import { appliedByAudit } from '../../audit/history-cross-check.ts';
import type { AuditReport } from '../../audit/verify-audit.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

const FIXED = new Set(['seq', 'ts', 'actor', 'target', 'event', 'prev', 'hash', 'mac']);

/** `audit show [--limit n]`: the last entries of this database's audit log. */
export async function auditShowCommand(globals: GlobalOptions, options: { limit?: string }): Promise<CommandResult> {
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new DihyaError('USAGE', { usage: 'whole-number', option: '--limit <n>', min: 1, value: String(options.limit) });
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
 * `audit verify [--against bundle.car]`: checks every entry's hash, the chain, the database mirror,
 * the seal (with DIHYA_AUDIT_KEY) and the history against the audit; exit 1 listing every problem
 * (text and `--json`). Without an audit file here, checks the mirror alone and says that the next
 * command rebuilds the file from it. With `--against`, also that the audit extends the one exported
 * in that bundle (see dweb/).
 */
export async function auditVerifyCommand(globals: GlobalOptions, options: { against?: string } = {}): Promise<CommandResult> {
  const m = globals.m.audit;
  const failureOf = (r: { failure?: DihyaError }) => r.failure;
  const { report, file, against, failure } = await withMigrator(
    globals,
    async (migrator) => {
      await migrator.internalSchema.assertReadable();
      const report = await migrator.safety.audit.verify({ history: await migrator.history.read() });
      const file = migrator.safety.audit.file;
      if (report.problems.length > 0) return { report, file, against: undefined, failure: auditTampered(report.problems, path.basename(file)) };
      const against =
        options.against === undefined
          ? undefined
          : await (await import('../../dweb/verify-bundle.ts')).verifyBundle(migrator, path.resolve(globals.cwd, options.against), { migrations: false });
      return { report, file, against, failure: undefined };
    },
    undefined,
    failureOf,
  );
  const shown = path.relative(globals.cwd, file);
  const problems = report.problems.map((p) => ({ ...p, text: describeAuditProblem(p, path.basename(file)) }));
  const { seal } = report;
  const json = {
    file,
    fileFound: report.fileFound,
    entries: report.entries.length,
    mirrorEntries: report.mirrorEntries,
    intact: problems.length === 0,
    keyed: seal.keyed,
    sealedEntries: seal.sealedEntries,
    ...(seal.sealedFrom !== undefined ? { sealedFrom: seal.sealedFrom } : {}),
    problems,
    ...(against ? { against: { cid: against.cid, ...against.audit } } : {}),
  };
  if (failure) return { json, text: [], failure };
  const text = [report.fileFound ? m.ok(report.entries.length, shown) : m.noFile(shown, report.mirrorEntries, seal.keyed)];
  text.push(seal.keyed ? m.sealed(seal.sealedFrom ?? 1, report.entries.at(-1)?.seq ?? 0) : m.unkeyed(seal.sealedEntries));
  const applied = report.entries.length > 0 || report.historyChecked ? appliedCount(report) : 0;
  text.push(m.history(applied));
  if (against) text.push(globals.m.dweb.auditExtends(against.audit.exported, against.audit.later));
  return { json, text };
}

/** How many migrations the audit says are applied (all have their history row when there is no problem). */
function appliedCount(report: AuditReport): number {
  return appliedByAudit(report.entries).applied.size;
}

/** `audit seal`: starts sealing this database's audit with DIHYA_AUDIT_KEY (once, after setting the key). */
export async function auditSealCommand(globals: GlobalOptions): Promise<CommandResult> {
  const sealed = await withMigrator(globals, (m) => m.sealAudit());
  const m = globals.m.audit;
  return { json: sealed, text: [sealed.already ? m.alreadySealed(sealed.from) : m.sealedNow(sealed.from, sealed.unsealed)] };
}
