import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { readMigrations } from '../layouts/read-layout.ts';
import type { MigrationFile } from '../migrations/discover.ts';
import type { HistoryRow } from '../migrations/history.ts';
import { compareVersions } from '../migrations/version-order.ts';
import { takeBackup } from '../pipeline/apply-steps.ts';
import { runLocked } from '../pipeline/locked-run.ts';
import { lastApplied } from '../pipeline/run-phases.ts';
import type { PipelineDeps } from '../pipeline/run-context.ts';
import type { ForeignEntry, ForeignHistoryReader, ForeignTool } from './foreign-history.ts';
import { FOREIGN_HISTORIES } from './foreign-tools.ts';
import { toolChecksum } from './tool-checksums.ts';

/**
 * What `import-history` reads: which tool (default: the one whose table is there), its table
 * (default: the tool's own), and whether files edited since that tool applied them are accepted.
 *
 * @example
 * const options: ImportOptions = { tool: 'flyway', table: 'flyway_schema_history' }
 */
export interface ImportOptions {
  tool?: ForeignTool;
  table?: string;
  /** Record the files as they are even where the tool's checksum says they changed since. */
  trustFiles?: boolean;
}

/**
 * What `import-history` recorded: names applied and failed, and those this tool's history already had.
 *
 * @example
 * const result: ImportResult = { tool: 'flyway', table: 'flyway_schema_history', applied: ['V1__init'], failed: [], skipped: [] }
 */
export interface ImportResult {
  tool: ForeignTool;
  table: string;
  applied: string[];
  failed: string[];
  skipped: string[];
  backup?: string;
}

/**
 * `import-history`: reads another tool's history table and records the same migrations as applied
 * (or failed) in this tool's history, so adopting dihya-migrate re-runs nothing. Every recorded
 * migration must match a local file (by version or name) and, where the tool kept a checksum
 * (Flyway, Prisma, Sqitch), the file must still be the one it applied. Nothing is written until
 * all of that holds; then, under the lock, a backup is taken, the rows written and the import audited.
 *
 * @example
 * const result = await importHistory(deps, { tool: 'flyway' })
 * result.applied // ['V1__init', 'V1.1__users']
 */
export async function importHistory(deps: PipelineDeps, options: ImportOptions = {}): Promise<ImportResult> {
  await deps.internalSchema.assertReadable();
  const files = readMigrations(deps.config.migrationsDir, deps.config.layout);
  const { reader, table, entries } = await readForeignHistory(deps, options);
  const rows = matchEntries(reader.tool, entries, files, options.trustFiles === true);
  return runLocked(deps, 'import-history', async (run) => {
    const existing = new Set((await deps.history.read()).map((r) => r.version));
    const fresh = rows.filter((r) => !existing.has(r.version));
    const before = await deps.history.read();
    const backup =
      fresh.length > 0 ? await takeBackup(run, `before import-history from ${reader.tool}`, lastApplied(before), { force: true, kind: 'manual' }) : undefined;
    const actor = `${deps.config.actor ?? 'unknown'} (import-history ${reader.tool})`;
    for (const row of fresh) await deps.history.write({ ...row, applied_by: actor }, deps.target.db, { replace: false });
    const result: ImportResult = {
      tool: reader.tool,
      table,
      applied: fresh.filter((r) => r.status === 'applied').map((r) => r.name),
      failed: fresh.filter((r) => r.status === 'failed').map((r) => r.name),
      skipped: rows.filter((r) => existing.has(r.version)).map((r) => r.name),
      ...(backup ? { backup: backup.id } : {}),
    };
    await deps.safety.audit.append('history.imported', {
      tool: reader.tool,
      table,
      applied: result.applied.length,
      failed: result.failed.length,
      skipped: result.skipped.length,
      ...(backup ? { backup: backup.id } : {}),
    });
    return result;
  });
}

async function readForeignHistory(
  deps: PipelineDeps,
  options: ImportOptions,
): Promise<{ reader: ForeignHistoryReader; table: string; entries: ForeignEntry[] }> {
  const readers = options.tool ? [FOREIGN_HISTORIES[options.tool]] : Object.values(FOREIGN_HISTORIES);
  const found: { reader: ForeignHistoryReader; table: string; entries: ForeignEntry[] }[] = [];
  for (const reader of readers) {
    const table = options.table ?? reader.defaultTable;
    // a table that is not there is how a tool says "not used here"; tools named on purpose must be readable
    if (!options.tool && reader.tool !== 'sqitch' && !(await deps.target.tableExists(table))) continue;
    try {
      found.push({ reader, table, entries: await reader.read(deps.target.db, table) });
    } catch (error) {
      if (options.tool) throw new DihyaError('IMPORT_TABLE_UNREADABLE', { tool: reader.tool, table, reason: reasonOf(error) }, { cause: error });
    }
  }
  if (found.length === 0) throw new DihyaError('IMPORT_NO_HISTORY', { tried: readers.map((r) => options.table ?? r.defaultTable).join(', ') });
  if (found.length > 1) throw new DihyaError('IMPORT_TOOL_AMBIGUOUS', { found: found.map((f) => `${f.reader.tool} (${f.table})`).join(', ') });
  return found[0]!;
}

/** The history rows the entries stand for, each matched to its local file (checked against the tool's checksum). */
function matchEntries(tool: ForeignTool, entries: ForeignEntry[], files: MigrationFile[], trustFiles: boolean): HistoryRow[] {
  const rows = new Map<string, HistoryRow>();
  const record = (file: MigrationFile, entry: ForeignEntry, status: HistoryRow['status']) =>
    rows.set(file.version, {
      version: file.version,
      name: file.name,
      checksum: file.checksum,
      kind: file.kind,
      status,
      applied_at: entry.appliedAt ?? new Date().toISOString(),
      duration_ms: entry.durationMs ?? 0,
      applied_by: '',
    });
  for (const entry of entries) {
    const file = fileOf(entry, files);
    if (!file && entry.baseline) {
      // a baseline below the first file (Flyway `baseline` at version 1 of a folder that starts later)
      for (const earlier of files) if (!earlier.repeatable && compareVersions(earlier.version, entry.version!) <= 0) record(earlier, entry, 'applied');
      continue;
    }
    if (!file) throw new DihyaError('IMPORT_FILE_MISSING', { tool, migration: entry.version ?? entry.name ?? '?' });
    if (entry.checksum && !trustFiles) {
      const current = toolChecksum(entry.checksum, file.parts?.up.text ?? file.text);
      if (current !== entry.checksum.value)
        throw new DihyaError('IMPORT_CHECKSUM_MISMATCH', { tool, name: file.name, recorded: entry.checksum.value, current });
    }
    if (entry.upTo) {
      for (const earlier of files) {
        if (!earlier.repeatable && compareVersions(earlier.version, file.version) < 0) record(earlier, entry, 'applied');
      }
    }
    record(file, entry, entry.status);
  }
  return [...rows.values()].sort((a, b) => compareVersions(a.version, b.version));
}

function fileOf(entry: ForeignEntry, files: MigrationFile[]): MigrationFile | undefined {
  if (entry.version !== undefined) return files.find((f) => !f.repeatable && compareVersions(f.version, entry.version!) === 0);
  const name = entry.name!;
  return files.find((f) => f.name === name) ?? (/^\d{14}_/.test(name) ? files.find((f) => f.version === name.slice(0, 14)) : undefined);
}
