import path from 'node:path';
import { DihyaError } from '../../errors/dihya-error.ts';
import type { Migrator } from '../../migrator/migrator.ts';
import type { RunEvent } from '../../pipeline/run-events.ts';
import { anonymizeDatabase, checkAnonymization, type AnonymizeMode } from '../../privacy/anonymize/anonymize-database.ts';
import { Catalog } from '../../privacy/catalog/catalog.ts';
import { PrivacyKey } from '../../privacy/privacy-key.ts';
import { catalogDraft, type DraftColumn, type DraftSubject } from '../../privacy/scan/catalog-draft.ts';
import { scanDatabase, type ScanCandidate, type ScanEvidence } from '../../privacy/scan/scan-database.ts';
import { undeclaredError } from '../../privacy/scan/undeclared.ts';
import { eraseSubjectData, exportSubjectData } from '../../privacy/subject/subject-requests.ts';
import { sqlSyntax } from '../../sql/sql-syntax.ts';
import { formatTable } from '../format-table.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CliIo, CommandResult } from '../output.ts';

/** `privacy scan [--check]`: personal columns with their evidence, and a catalog draft; `--check` fails (exit 1) on an undeclared one. */
export async function privacyScanCommand(globals: GlobalOptions, options: { check?: boolean }): Promise<CommandResult> {
  const m = globals.m.privacy;
  const { candidates, draft } = await withMigrator(globals, async (migrator) => {
    await migrator.internalSchema.assertReadable();
    const schema = await migrator.target.snapshotSchema(undefined, migrator.tables.all);
    // The catalog must name real tables and columns before anything is reported.
    Catalog.resolve(migrator.config.privacy, schema, sqlSyntax(migrator.target.dialect));
    const candidates = await scanDatabase(migrator.target.db, schema, migrator.config.privacy, sqlSyntax(migrator.target.dialect));
    return {
      candidates,
      draft: catalogDraft(
        candidates.filter((c) => !c.declared),
        schema,
      ),
    };
  });
  const undeclared = candidates.filter((c) => !c.declared && !c.ignored);
  if (options.check && undeclared.length > 0) throw undeclaredError(undeclared);
  const text: string[] = [];
  if (candidates.length === 0) text.push(m.noneFound);
  else {
    text.push(
      ...formatTable(
        m.scanHeaders,
        candidates.map((c) => [`${c.table}.${c.column}`, c.kind, c.declared ? m.declared : c.ignored ? m.ignored : m.undeclared, evidenceText(c.evidence, m)]),
      ),
    );
  }
  if (options.check) text.push(m.allDeclared(candidates.length));
  else if (candidates.length > 0) text.push('', ...(draft.columns.length === 0 ? [m.draftNone] : [m.draftIntro, ...draftLines(draft, m)]));
  return {
    json: {
      candidates: candidates.map((c) => ({ ...c, column: c.column })),
      undeclared: undeclared.map((c) => `${c.table}.${c.column}`),
      draft: {
        columns: Object.fromEntries(draft.columns.map((c) => [c.entry, { kind: c.kind, strategy: c.strategy }])),
        subjects: draftSubjects(draft.subjects),
      },
    },
    text,
  };
}

/** `anonymize [--into <url> | --in-place --yes]`: an anonymized copy (or the database itself); a scratch database when neither is given. */
export async function anonymizeCommand(
  globals: GlobalOptions,
  options: { into?: string; inPlace?: boolean; yes?: boolean },
  io: CliIo,
): Promise<CommandResult> {
  const m = globals.m.privacy;
  if (options.into && options.inPlace) throw new DihyaError('PRIVACY_ANONYMIZE_MODE', { reason: '--into and --in-place cannot go together' });
  const mode: AnonymizeMode = options.inPlace ? { inPlace: true } : options.into ? { into: options.into } : { scratch: true };
  const result = await withMigrator(
    globals,
    async (migrator) => {
      await migrator.internalSchema.assertReadable();
      const catalog = await checkAnonymization(migrator.target, migrator.config, migrator.tables.all, mode);
      if ('inPlace' in mode && !options.yes)
        throw new DihyaError('PRIVACY_NEEDS_CONFIRMATION', { action: 'anonymize --in-place', url: migrator.target.displayUrl });
      const key = PrivacyKey.fromEnv(process.env, 'anonymize');
      return migrator.locked('anonymize', async (run) => {
        const result = await anonymizeDatabase({ run, config: migrator.config, key, mode }, catalog);
        await run.safety.audit.append('privacy.anonymized', {
          mode: result.mode,
          database: result.database,
          tables: result.tables.length,
          columns: result.tables.reduce((n, t) => n + t.columns.length, 0),
          rows: result.rows,
          durationMs: result.durationMs,
          ...(result.backup ? { backup: result.backup } : {}),
        });
        return result;
      });
    },
    progressOnTerminal(io, globals),
  );
  const text = [m.anonymized(result.rows, result.tables.length, result.database, result.durationMs)];
  for (const t of result.tables) text.push(m.anonymizedTable(t.table, t.rows, t.columns.join(', ')));
  if (result.mode === 'scratch') text.push(m.scratchCreated(result.database));
  if (result.backup) text.push(m.anonymizedBackup(result.backup));
  return { json: { ...result }, text };
}

/** `subject export <subject> <id> --out file.json`: the subject's rows and the Art. 15 information, written 0600. */
export async function subjectExportCommand(globals: GlobalOptions, subject: string, id: string, options: { out?: string }): Promise<CommandResult> {
  if (!options.out) throw new DihyaError('USAGE', { usage: 'export-needs-out' });
  const file = path.resolve(globals.cwd, options.out);
  const result = await withMigrator(globals, async (migrator) => {
    const { catalog, key } = await subjectSetup(migrator, 'subject export');
    return migrator.locked('subject.export', (run) => exportSubjectData({ run, config: migrator.config, catalog, key, subject, id }, file));
  });
  return {
    json: { subject, tables: result.tables, rows: result.rows, file: result.file },
    text: [globals.m.privacy.exported(result.rows, result.tables, result.file)],
  };
}

/** `subject erase <subject> <id> --yes`: one transaction after a backup; recorded in the erasure ledger. */
export async function subjectEraseCommand(globals: GlobalOptions, subject: string, id: string, options: { yes?: boolean }): Promise<CommandResult> {
  const m = globals.m.privacy;
  const result = await withMigrator(globals, async (migrator) => {
    const { catalog, key } = await subjectSetup(migrator, 'subject erase');
    catalog.subject(subject);
    if (!options.yes) throw new DihyaError('PRIVACY_NEEDS_CONFIRMATION', { action: `subject erase ${subject}`, url: migrator.target.displayUrl });
    return migrator.locked('subject.erase', (run) => eraseSubjectData({ run, config: migrator.config, catalog, key, subject, id }));
  });
  const { outcome } = result;
  return {
    json: { subject, ...outcome, ...(result.backup ? { backup: result.backup } : {}) },
    text: [m.erased(outcome.deleted, outcome.anonymized, outcome.tables.length), ...(result.backup ? [m.erasedBackup(result.backup)] : []), m.erasureProved],
  };
}

/** What both subject commands check before any work: subjects declared, the catalog matches the schema, the key is set. */
async function subjectSetup(migrator: Migrator, command: string): Promise<{ catalog: Catalog; key: PrivacyKey }> {
  await migrator.internalSchema.assertReadable();
  if (Object.keys(migrator.config.privacy.subjects).length === 0) throw new DihyaError('PRIVACY_NOT_CONFIGURED', { command, missing: 'privacy.subjects' });
  const schema = await migrator.target.snapshotSchema(undefined, migrator.tables.all);
  const catalog = Catalog.resolve(migrator.config.privacy, schema, sqlSyntax(migrator.target.dialect));
  return { catalog, key: PrivacyKey.fromEnv(process.env, command) };
}

function evidenceText(evidence: ScanEvidence[], m: Messages['privacy']): string {
  return evidence
    .map((e) => {
      if (e.by === 'name') return m.nameEvidence(e.word);
      if (e.by === 'values') return m.valuesEvidence(e.matching, e.sampled, e.kind);
      if (e.by === 'catalog') return m.catalogEvidence(e.source);
      return m.insideEvidence(e.matching, e.sampled, e.kinds.join(', '));
    })
    .join('; ');
}

/** The draft as TypeScript to paste into `privacy: { … }`, with the evidence of each column as a comment. */
function draftLines(draft: { columns: DraftColumn[]; subjects: DraftSubject[] }, m: Messages['privacy']): string[] {
  const lines = ['privacy: {', '  columns: {'];
  for (const c of draft.columns) lines.push(`    '${c.entry}': { kind: '${c.kind}', strategy: '${c.strategy}' }, // ${evidenceText(c.candidate.evidence, m)}`);
  lines.push('  },');
  if (draft.subjects.length > 0) {
    lines.push('  subjects: {');
    for (const s of draft.subjects) lines.push(`    ${s.name}: { table: '${s.table}', key: '${s.key}' },`);
    lines.push('  },');
  }
  lines.push('},');
  return lines;
}

function draftSubjects(subjects: DraftSubject[]): Record<string, { table: string; key: string }> {
  return Object.fromEntries(subjects.map((s) => [s.name, { table: s.table, key: s.key }]));
}

/**
 * Prints anonymization progress on a terminal only (at most twice a second, and each table's
 * end), to stderr; quiet otherwise and with --json.
 *
 * @example
 * const listener = progressOnTerminal(io, globals) // undefined when not on a terminal
 */
export function progressOnTerminal(io: CliIo, globals: GlobalOptions, terminal = Boolean(process.stderr.isTTY)): ((event: RunEvent) => void) | undefined {
  if (globals.json || !terminal) return undefined;
  let last = 0;
  return (event) => {
    if (event.type !== 'progress' || event.task !== 'anonymize') return;
    if (event.phase === 'copy') return io.err(globals.m.privacy.copying);
    const now = Date.now();
    const finished = event.done !== undefined && event.done === event.total;
    if (!finished && now - last < 500) return;
    last = now;
    io.err(globals.m.privacy.progress(event.phase, event.done ?? 0, event.total ?? 0));
  };
}

export type { ScanCandidate };
