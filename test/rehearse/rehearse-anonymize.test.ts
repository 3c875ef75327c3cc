import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { plantedCustomers, seedShop, shopPrivacyConfig, shopSchema, writeConfig } from '../helpers/privacy-fixture.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const KEY = 'test-privacy-key-0123456789abcdef';
const customers = plantedCustomers(6);

/** Fails when it sees a planted e-mail: it passes only on a copy whose personal data was replaced. */
const NEEDS_ANONYMIZED = `export default {
  description: 'Refuse to run on real e-mails',
  async up({ db }) {
    const planted = ${JSON.stringify(customers.map((c) => c.email))};
    const rows = await db.selectFrom('customers').select('email').execute();
    if (rows.some((r) => planted.includes(r.email))) throw new Error('real personal data on the copy');
    await db.schema.createTable('seen').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
  },
  async down({ db }) {
    await db.schema.dropTable('seen').execute();
  },
};
`;

// The anonymizer itself runs on the three databases in test/privacy.test.ts; this checks that
// `rehearse --anonymize` runs the migrations on an anonymized copy and leaves production as it was.
describe('rehearse --anonymize on sqlite', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeAll(() => {
    process.env.DIHYA_PRIVACY_KEY = KEY;
  });
  afterAll(() => {
    delete process.env.DIHYA_PRIVACY_KEY;
  });
  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject({ '20260101000000_shop.sql': `-- The shop\n-- migrate:up\n${shopSchema('sqlite')}\n` });
    writeConfig(project.dir, { privacy: shopPrivacyConfig() });
    expect((await run('up')).code).toBe(0);
    await seedShop(db.url, customers);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('runs the migrations on an anonymized copy, says so in the receipt, and never prints a value', async () => {
    project.write('20260102000000_needs_anonymized.ts', NEEDS_ANONYMIZED);

    const plain = await run('rehearse');
    expect(plain.code).toBe(1);
    expect(plain.json.result).toBe('failed');

    const anonymized = await run('rehearse', '--anonymize');
    expect(anonymized.code, anonymized.stderr).toBe(0);
    expect(anonymized.json.result).toBe('passed');
    expect(anonymized.json.anonymized).toBe(true);
    for (const c of customers) expect(anonymized.stdout + anonymized.stderr).not.toContain(c.email);

    // Production keeps its data and its pending migration.
    const emails = (await query<{ email: string }>(db.url, 'select email from customers order by id')).map((r) => r.email);
    expect(emails).toEqual(customers.map((c) => c.email));
    const status = await run('status');
    expect(status.json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'pending']);
  });

  it('refuses --anonymize without DIHYA_PRIVACY_KEY before copying anything', async () => {
    delete process.env.DIHYA_PRIVACY_KEY;
    try {
      project.write('20260102000000_needs_anonymized.ts', NEEDS_ANONYMIZED);
      const r = await run('rehearse', '--anonymize');
      expect(r.code).toBe(2);
      expect(r.json.error.code).toMatch(/KEY/);
    } finally {
      process.env.DIHYA_PRIVACY_KEY = KEY;
    }
  });
});
