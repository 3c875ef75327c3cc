import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { exportBundle, type ExportProgress } from '../../dweb/export-bundle.ts';
import { latestBundle } from '../../dweb/export-folder.ts';
import { publishBundle } from '../../dweb/publish-bundle.ts';
import { verifyBundle } from '../../dweb/verify-bundle.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CliIo, CommandResult } from '../output.ts';

/** `export ipfs [--out file]`: writes the bundle, records its CID in the audit, prints it. */
export async function exportIpfsCommand(
  globals: GlobalOptions,
  options: { out?: string },
  io: CliIo,
  tty = Boolean(process.stderr.isTTY),
): Promise<CommandResult> {
  const onProgress = exportProgressPrinter(io, globals.m, tty && !globals.json);
  const result = await withMigrator(globals, (m) => exportBundle(m, { ...(options.out ? { out: options.out } : {}), onProgress }));
  const m = globals.m.dweb;
  const text = [m.exported(result.cid, path.relative(globals.cwd, result.car), result.files, formatBytes(result.bytes))];
  if (result.previousExport) text.push(m.previous(result.previousExport));
  return {
    json: { cid: result.cid, car: result.car, size: result.bytes, files: result.files, blocks: result.blocks, previousExport: result.previousExport },
    text,
  };
}

/** `export verify <bundle.car>`: the bundle on its own, then against the migrations folder and the audit. */
export async function exportVerifyCommand(globals: GlobalOptions, bundle: string): Promise<CommandResult> {
  const result = await withMigrator(globals, (m) => verifyBundle(m, path.resolve(globals.cwd, bundle)));
  const m = globals.m.dweb;
  const text = [m.verified(result.cid, result.blocks, result.files), m.auditExtends(result.audit.exported, result.audit.later)];
  if (result.migrations) {
    text.push(m.migrationsSame(result.migrations.unchanged));
    if (result.migrations.added.length > 0) text.push(m.migrationsAdded(result.migrations.added.join(', ')));
  }
  return { json: { ...result }, text };
}

/** `export publish [bundle.car] [--ipfs-api url] [--timeout ms]`: sends a bundle (default: the latest export) to a Kubo node. */
export async function exportPublishCommand(
  globals: GlobalOptions,
  bundle: string | undefined,
  options: { ipfsApi?: string; timeout?: string },
): Promise<CommandResult> {
  const timeoutMs = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) {
    throw new DihyaError('USAGE', { usage: 'whole-number', option: '--timeout <ms>', min: 1, value: String(options.timeout) });
  }
  const config = await loadConfig({
    cwd: globals.cwd,
    ...(globals.config ? { configPath: globals.config } : {}),
    overrides: { ...(globals.url ? { url: globals.url } : {}) },
  });
  const file = bundle === undefined ? latestBundle(config) : path.resolve(globals.cwd, bundle);
  if (!file) throw new DihyaError('DWEB_BUNDLE_NOT_FOUND', { file: path.relative(globals.cwd, path.join(config.stateDir, 'exports')) || '.' });
  const result = await publishBundle(file, { api: options.ipfsApi ?? config.dweb.ipfsApi, timeoutMs: timeoutMs ?? config.dweb.timeoutMs });
  return { json: { ...result, car: file }, text: [globals.m.dweb.published(result.cid, result.api)] };
}

/** Prints an export's phases on a terminal; quiet otherwise. */
export function exportProgressPrinter(io: CliIo, m: Messages, enabled: boolean): (progress: ExportProgress) => void {
  const p = m.dweb.progress;
  return (progress) => {
    if (!enabled) return;
    if (progress.phase === 'scan') io.err(p.scan(progress.files, formatBytes(progress.bytes)));
    else if (progress.phase === 'import') io.err(p.import(progress.files));
    else io.err(p.written(progress.file, formatBytes(progress.bytes)));
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
