import { sql } from 'kysely';
import type { ResolvedConfig } from '../../config/config-schema.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import type { RestoreContext } from '../../pipeline/run-context.ts';
import type { RunExtension } from '../../pipeline/run-extension.ts';
import { sqlSyntax } from '../../sql/sql-syntax.ts';
import { PrivacyKey } from '../privacy-key.ts';
import { ErasureLedger } from './erasure-ledger.ts';

/** What a re-application did after a restore. */
export interface Reapplied {
  erasures: number;
  deleted: number;
  anonymized: number;
}

/**
 * After a restore: reads the erasure ledger (file and table, whatever the restore left of the
 * table), puts the table back to complete, finds the subjects the restored data holds again
 * (their key's keyed hash is in the ledger), and erases them again in one transaction, before
 * the command reports success. Needs DIHYA_PRIVACY_KEY when the ledger is not empty; a ledger
 * written with another key is refused (PRIVACY_KEY_MISMATCH) rather than silently unmatched.
 *
 * @example
 * const reapplied = await reapplyErasures(restore, config, process.env)
 */
export async function reapplyErasures(restore: RestoreContext, config: ResolvedConfig, env: NodeJS.ProcessEnv): Promise<Reapplied> {
  const { run } = restore;
  const ledger = new ErasureLedger(run.target, run.tables.erasureLedger, config.stateDir);
  const records = await ledger.read();
  const none = { erasures: 0, deleted: 0, anonymized: 0 };
  if (records.length === 0) return none;
  const key = PrivacyKey.fromEnv(env, 'backup restore (erasures are re-applied after it)');
  const mismatched = records.filter((r) => r.keyCheck !== key.check());
  if (mismatched.length > 0) throw new DihyaError('PRIVACY_KEY_MISMATCH', { entries: mismatched.length });
  // A backup older than the ledger has no ledger table, or an older one: bring both back.
  await run.internalSchema.upgrade();
  await ledger.complete(records);
  // Loaded only when there is something to re-apply: every command registers this extension.
  const [{ Catalog }, { SeededFaker }, { Strategies, valueText }, { eraseSubject }] = await Promise.all([
    import('../catalog/catalog.ts'),
    import('../anonymize/seeded-faker.ts'),
    import('../anonymize/strategies.ts'),
    import('../subject/subject-erase.ts'),
  ]);
  const catalog = Catalog.resolve(config.privacy, await run.target.snapshotSchema(undefined, run.tables.all), sqlSyntax(run.target.dialect));
  const strategies = new Strategies(key, new SeededFaker(config.privacy.fakeLocale), config.privacy.fakeLocale);
  const erased = new Set(records.map((r) => r.idHash));
  const found: { subject: string; id: unknown }[] = [];
  for (const name of new Set(records.map((r) => r.subject))) {
    const subject = catalog.subject(name);
    const ids = await run.target.db.selectFrom(subject.table).select(sql.ref(subject.key).as('id')).execute();
    for (const { id } of ids) if (erased.has(key.subjectId(name, valueText(id)))) found.push({ subject: name, id });
  }
  if (found.length === 0) return none;
  const total = await run.target.db.transaction().execute(async (trx) => {
    const sum = { erasures: 0, deleted: 0, anonymized: 0 };
    for (const { subject, id } of found) {
      const outcome = await eraseSubject(run.target, trx, catalog, strategies, catalog.subject(subject), id);
      sum.erasures++;
      sum.deleted += outcome.deleted;
      sum.anonymized += outcome.anonymized;
    }
    return sum;
  });
  await run.safety.audit.append('subject.erasures-reapplied', { backup: restore.backup.id, automatic: restore.automatic, ...total });
  return total;
}

/**
 * The `afterRestore` extension: every restore (manual `backup restore`, or the automatic one
 * after a failed migration) re-applies the ledger's erasures before it reports success.
 *
 * @example
 * const extension = erasureLedgerExtension(config)
 */
export function erasureLedgerExtension(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): RunExtension {
  return {
    name: 'privacy: erasure ledger',
    afterRestore: async (restore) => {
      await reapplyErasures(restore, config, env);
    },
  };
}
