import type { ResolvedConfig } from '../config/config-schema.ts';
import type { Target } from '../database/target.ts';
import { checkAnonymization } from '../privacy/anonymize/anonymize-database.ts';
import { anonymizeTables } from '../privacy/anonymize/anonymize-tables.ts';
import { SeededFaker } from '../privacy/anonymize/seeded-faker.ts';
import { Strategies } from '../privacy/anonymize/strategies.ts';
import { PrivacyKey } from '../privacy/privacy-key.ts';

/**
 * For `rehearse --anonymize`: checks, before anything is copied, that the source can be anonymized
 * (the catalog matches its schema, no personal column left out, DIHYA_PRIVACY_KEY set), and returns
 * what anonymizes the copy in one transaction with the privacy module's anonymizer (the same
 * strategies as `anonymize`), before the migrations run on it.
 *
 * @example
 * const prepareCopy = await copyAnonymizer(migrator.target, migrator.config, migrator.tables.all)
 * await rehearse(deps, { openCopy, prepareCopy })
 */
export async function copyAnonymizer(source: Target, config: ResolvedConfig, ownTables: string[]): Promise<(copy: Target) => Promise<boolean>> {
  const catalog = await checkAnonymization(source, config, ownTables, { scratch: true });
  const key = PrivacyKey.fromEnv(process.env, 'rehearse --anonymize');
  const locale = config.privacy.fakeLocale;
  return async (copy) => {
    const strategies = new Strategies(key, new SeededFaker(locale), locale);
    await copy.db.transaction().execute((trx) => anonymizeTables(copy, trx, catalog, { strategies, batchSize: config.privacy.batchSize }));
    return true;
  };
}
