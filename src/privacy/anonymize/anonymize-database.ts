import type { PrivacyConfig } from '../../config/sections/privacy.ts';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../config/config-schema.ts';
import { connect } from '../../database/connect.ts';
import { parseTargetUrl } from '../../database/parse-url.ts';
import { targetKey } from '../../database/target-key.ts';
import type { Target } from '../../database/target.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { takeBackup } from '../../pipeline/apply-steps.ts';
import type { RunContext } from '../../pipeline/run-context.ts';
import type { RunEvent } from '../../pipeline/run-events.ts';
import { lastApplied } from '../../pipeline/run-phases.ts';
import { redactUrl } from '../redaction/redact-url.ts';
import { sqlSyntax } from '../../sql/sql-syntax.ts';
import { Catalog } from '../catalog/catalog.ts';
import type { PrivacyKey } from '../privacy-key.ts';
import { refuseUndeclared } from '../scan/undeclared.ts';
import { anonymizeTables, type TableAnonymized } from './anonymize-tables.ts';
import { SeededFaker } from './seeded-faker.ts';
import { Strategies } from './strategies.ts';

/** Where `anonymize` writes: a new database, a scratch database it creates, or the target itself. */
export type AnonymizeMode = { into: string } | { scratch: true } | { inPlace: true };

/** What `anonymize` did. */
export interface AnonymizeResult {
  mode: 'into' | 'scratch' | 'in-place';
  /** The anonymized database, without credentials. */
  database: string;
  /** The backup taken first (in place only). */
  backup?: string;
  tables: TableAnonymized[];
  rows: number;
  durationMs: number;
}

/** What anonymization works with: the lock's run on the source database, the config and the key. */
export interface AnonymizeRequest {
  run: RunContext;
  config: ResolvedConfig;
  key: PrivacyKey;
  mode: AnonymizeMode;
}

/**
 * Checks an anonymization before any work: a catalog that matches the source's schema, no
 * personal column left out of it (the same check as `privacy scan --check`), and a destination
 * that can be written (not marked production when in place; for `--into`, an empty database of the
 * same kind that is not the source). Throws the first problem.
 *
 * @example
 * const catalog = await checkAnonymization(target, config, tables.all, { into: 'postgres://…/copy' })
 */
export async function checkAnonymization(target: Target, config: ResolvedConfig, ownTables: string[], mode: AnonymizeMode): Promise<Catalog> {
  if (Object.keys(config.privacy.columns).length === 0 && ((config.privacy as PrivacyConfig).patterns ?? []).length === 0)
    throw new DihyaError('PRIVACY_NOT_CONFIGURED', { command: 'anonymize', missing: 'privacy.columns' });
  if ('inPlace' in mode && config.privacy.production) throw new DihyaError('PRIVACY_PRODUCTION', { url: target.displayUrl });
  const schema = await target.snapshotSchema(undefined, ownTables);
  const catalog = Catalog.resolve(config.privacy, schema, sqlSyntax(target.dialect));
  for (const table of catalog.tables()) if (catalog.columnsOf(table).some((c) => c.rule.strategy !== 'keep')) catalog.primaryKey(table);
  await refuseUndeclared(target, schema, config.privacy);
  if ('into' in mode) await checkDestination(target, mode.into, config.cwd);
  return catalog;
}

/**
 * Anonymizes, under the source's migration lock: in place (after a backup, in one transaction),
 * or into a copy (the source backed up into a 0700 temp folder, restored into the new or scratch
 * database, then anonymized there in one transaction; the copy is dropped when that fails). Every
 * catalogued column gets its strategy, in primary-key batches with `progress` events; afterwards
 * no identifying original value is left (see anonymizeTables). Never changes the source's data.
 *
 * @example
 * const result = await migrator.locked('anonymize', (run) => anonymizeDatabase({ run, config, key, mode: { scratch: true } }, catalog))
 */
export async function anonymizeDatabase(request: AnonymizeRequest, catalog: Catalog): Promise<AnonymizeResult> {
  const { run, config, key, mode } = request;
  const started = Date.now();
  const strategies = new Strategies(key, new SeededFaker(config.privacy.fakeLocale), config.privacy.fakeLocale);
  const progress = (event: Extract<RunEvent, { type: 'progress' }>) => run.emitter.emit(event);
  const options = { strategies, batchSize: config.privacy.batchSize, onProgress: progress };
  if ('inPlace' in mode) {
    const backup = await takeBackup(run, 'before anonymize', lastApplied(await run.history.read()));
    const tables = await run.target.db.transaction().execute((trx) => anonymizeTables(run.target, trx, catalog, options));
    return finish({ mode: 'in-place', database: run.target.displayUrl, ...(backup ? { backup: backup.id } : {}), tables, started });
  }
  const scratch = 'scratch' in mode ? await run.target.backup.createScratch() : undefined;
  const url = scratch?.url ?? (mode as { into: string }).into;
  const destinationUrl = parseTargetUrl(url, config.cwd).url;
  await copyDatabase(run, destinationUrl);
  const copy = await connect(destinationUrl, config.cwd);
  try {
    const tables = await copy.db.transaction().execute((trx) => anonymizeTables(copy, trx, catalog, options));
    return finish({ mode: scratch ? 'scratch' : 'into', database: copy.displayUrl, tables, started });
  } catch (error) {
    await copy.close();
    // A copy that still holds personal data must not stay behind.
    if (scratch) await scratch.drop().catch(() => undefined);
    else await emptyDestination(destinationUrl, config.cwd).catch(() => undefined);
    throw error;
  } finally {
    await copy.close().catch(() => undefined);
  }
}

function finish(result: Omit<AnonymizeResult, 'rows' | 'durationMs'> & { started: number }): AnonymizeResult {
  const { started, ...rest } = result;
  return { ...rest, rows: rest.tables.reduce((sum, t) => sum + t.rows, 0), durationMs: Date.now() - started };
}

/** The source's whole database, copied with the backup machinery: backup into a 0700 temp folder, restore at `url`. */
async function copyDatabase(run: RunContext, url: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-anonymize-'));
  try {
    run.emitter.emit({ type: 'progress', task: 'anonymize', phase: 'copy' });
    const result = await run.target.backup.create(dir, run.config.backup.method === 'auto' ? {} : { method: run.config.backup.method });
    await run.target.backup.restore(dir, result, url);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--into` must be another, empty database of the same kind. */
async function checkDestination(source: Target, url: string, cwd: string): Promise<void> {
  const spec = parseTargetUrl(url, cwd);
  const invalid = (reason: string) => new DihyaError('PRIVACY_INTO_INVALID', { url: redactUrl(url), reason });
  if (spec.dialect !== source.dialect) throw invalid(`it is a ${spec.dialect} database and the source is ${source.dialect}`);
  if (targetKey(spec) === targetKey(source.spec)) throw invalid('it is the source database itself (use --in-place --yes for that)');
  if ('file' in spec && (!existsSync(spec.file) || statSync(spec.file).size === 0)) return;
  const destination = await connect(spec.url, cwd);
  try {
    const schema = await destination.snapshotSchema();
    const tables = Object.keys(schema.tables).length + Object.keys(schema.views).length;
    if (tables > 0) throw invalid(`it is not empty (${tables} table(s) or view(s)); anonymize never overwrites a database`);
  } finally {
    await destination.close();
  }
}

/** Drops what a failed anonymization copied into `--into` (the database was empty before). */
async function emptyDestination(url: string, cwd: string): Promise<void> {
  const spec = parseTargetUrl(url, cwd);
  if ('file' in spec) {
    rmSync(spec.file, { force: true });
    return;
  }
  const destination = await connect(url, cwd);
  try {
    const scratch = await destination.backup.createScratch();
    try {
      // An empty database's backup, restored over the destination, drops everything the copy created.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-anonymize-empty-'));
      try {
        const empty = await connect(scratch.url, cwd);
        try {
          const result = await empty.backup.create(dir);
          await empty.backup.restore(dir, result, url);
        } finally {
          await empty.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await scratch.drop().catch(() => undefined);
    }
  } finally {
    await destination.close();
  }
}
