import path from 'node:path';
import { sql } from 'kysely';
import type { ResolvedConfig } from '../../config/config-schema.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { takeBackup } from '../../pipeline/apply-steps.ts';
import type { RunContext } from '../../pipeline/run-context.ts';
import { lastApplied } from '../../pipeline/run-phases.ts';
import { SeededFaker } from '../anonymize/seeded-faker.ts';
import { Strategies } from '../anonymize/strategies.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { ErasureLedger } from '../ledger/erasure-ledger.ts';
import type { PrivacyKey } from '../privacy-key.ts';
import { eraseSubject, type ErasureOutcome } from './subject-erase.ts';
import { subjectExport, writeExportFile } from './subject-export.ts';
import { collectSubjectRows } from './subject-rows.ts';

/** A request about one data subject: who (`subject` as named in the catalog, `id` its key's value). */
export interface SubjectRequest {
  run: RunContext;
  config: ResolvedConfig;
  catalog: Catalog;
  key: PrivacyKey;
  subject: string;
  id: string;
}

/**
 * `subject export`: every row of the subject (see collectSubjectRows) with the Art. 15
 * metadata, written 0600 to `file`; the audit records it with the subject's id as a keyed hash.
 *
 * @example
 * await migrator.locked('subject.export', (run) => exportSubjectData({ run, config, catalog, key, subject: 'customer', id: '42' }, 'customer.json'))
 */
export async function exportSubjectData(request: SubjectRequest, file: string): Promise<{ tables: number; rows: number; file: string }> {
  const { run, config, catalog, key } = request;
  const definition = catalog.subject(request.subject);
  const rows = await collectSubjectRows(run.target.db, catalog, definition, request.id);
  writeExportFile(file, subjectExport(definition.name, rows, catalog, config.privacy.processing));
  const tables = new Set(rows.map((r) => r.table)).size;
  await run.safety.audit.append('subject.exported', {
    subject: definition.name,
    idHash: key.subjectId(definition.name, request.id),
    tables,
    rows: rows.length,
    file: path.basename(file),
  });
  return { tables, rows: rows.length, file };
}

/**
 * `subject erase`: a backup, then one transaction that erases the subject (see eraseSubject),
 * records it in the erasure ledger (file and table) and stages the audit entry; both commit
 * together. The id is recorded only as a keyed hash.
 *
 * @example
 * const { outcome } = await migrator.locked('subject.erase', (run) => eraseSubjectData({ run, config, catalog, key, subject: 'customer', id: '42' }))
 */
export async function eraseSubjectData(request: SubjectRequest): Promise<{ outcome: ErasureOutcome; backup?: string }> {
  const { run, config, catalog, key } = request;
  const definition = catalog.subject(request.subject);
  const found = await run.target.db
    .selectFrom(definition.table)
    .select(sql<number>`count(*)`.as('n'))
    .where(sql.ref(definition.key), '=', request.id)
    .executeTakeFirst();
  if (Number(found?.n ?? 0) === 0) throw new DihyaError('PRIVACY_SUBJECT_NOT_FOUND', { subject: definition.name, table: definition.table });
  const backup = await takeBackup(run, `before erasing a ${definition.name}`, lastApplied(await run.history.read()), { force: true });
  const ledger = new ErasureLedger(run.target, run.tables.erasureLedger, config.stateDir);
  const strategies = new Strategies(key, new SeededFaker(config.privacy.fakeLocale), config.privacy.fakeLocale);
  const idHash = key.subjectId(definition.name, request.id);
  const alreadyRecorded = (await ledger.read()).some((r) => r.idHash === idHash);
  const erase = run.target.db.transaction().execute(async (trx) => {
    const outcome = await eraseSubject(run.target, trx, catalog, strategies, definition, request.id);
    await ledger.record({ idHash, subject: definition.name, erasedAt: new Date().toISOString(), keyCheck: key.check(), tables: outcome.tables }, trx);
    const staged = await run.safety.audit.stage(
      'subject.erased',
      { subject: definition.name, idHash, ...outcome, ...(backup ? { backup: backup.id } : {}) },
      trx,
    );
    return { outcome, staged };
  });
  let done: Awaited<typeof erase>;
  try {
    done = await erase;
  } catch (error) {
    run.safety.audit.discardStaged();
    if (!alreadyRecorded) ledger.forget(idHash);
    throw error;
  }
  const { outcome, staged } = done;
  run.safety.audit.confirm(staged);
  return { outcome, ...(backup ? { backup: backup.id } : {}) };
}
