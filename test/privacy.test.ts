import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import { Migrator } from '../src/migrator/migrator.ts';
import type { RunEvent } from '../src/pipeline/run-events.ts';
import { anonymizeDatabase, checkAnonymization } from '../src/privacy/anonymize/anonymize-database.ts';
import { PrivacyKey } from '../src/privacy/privacy-key.ts';
import { cli, runCliProcess } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { plantedCustomers, seedShop, shopPrivacyConfig, shopSchema, writeConfig } from './helpers/privacy-fixture.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const KEY = 'test-privacy-key-0123456789abcdef';
const CUSTOMERS = 24;

/** Every value of every column of every user table, as text. */
async function everyValue(url: string): Promise<string[]> {
  const target = await connect(url);
  try {
    const schema = await target.snapshotSchema(undefined, [
      'dihya_migrations',
      'dihya_migrations_lock',
      'dihya_audit',
      'dihya_migrations_schema',
      'dihya_migrations_erasures',
    ]);
    const out: string[] = [];
    for (const table of Object.keys(schema.tables)) {
      for (const row of await target.db.selectFrom(table).selectAll().execute()) {
        for (const value of Object.values(row)) if (value !== null) out.push(value instanceof Date ? value.toISOString() : String(value));
      }
    }
    return out;
  } finally {
    await target.close();
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe.each(DIALECTS)('privacy on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const customers = plantedCustomers(CUSTOMERS);
  const run = (...args: string[]) => cli([...args, '--url', db.url], project.dir);

  beforeAll(() => {
    process.env.DIHYA_PRIVACY_KEY = KEY;
  });
  afterAll(() => {
    delete process.env.DIHYA_PRIVACY_KEY;
  });
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_shop.sql': `-- The shop\n-- migrate:up\n${shopSchema(dialect)}\n` });
    writeConfig(project.dir, { privacy: shopPrivacyConfig() });
    expect((await run('up')).code).toBe(0);
    await seedShop(db.url, customers);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('scan finds the planted columns by name and by values, and prints a draft without values', async () => {
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), columns: {}, erasure: {} } });
    const r = await run('privacy', 'scan', '--json');
    expect(r.code, r.stderr).toBe(0);
    const found = r.json.candidates.map((c: { table: string; column: string; kind: string }) => `${c.table}.${c.column}:${c.kind}`);
    for (const expected of [
      'customers.email:email',
      'customers.first_name:first_name',
      'customers.last_name:last_name',
      'customers.phone:phone',
      'customers.birth_date:birth_date',
      'customers.iban:iban',
      'customers.nir:nir',
      'customers.misc_contact:email',
      'addresses.street:address',
      'addresses.city:city',
      'addresses.postcode:postcode',
      'orders.notes:text',
      'invoices.billing_name:name',
      'invoices.billing_email:email',
    ]) {
      expect(found).toContain(expected);
    }
    expect(found.some((f: string) => f.startsWith('products.'))).toBe(false);
    expect(found.some((f: string) => f.startsWith('orders.reference'))).toBe(false);
    const text = await run('privacy', 'scan');
    expect(text.stdout).toContain("'customers.email': { kind: 'email', strategy: 'fake' }");
    expect(text.stdout).toContain("customer: { table: 'customers', key: 'id' }");
    for (const c of customers.slice(0, 5)) expect(text.stdout + JSON.stringify(r.json)).not.toContain(c.email);
  });

  it('scan --check exits 1 on an undeclared personal column and 0 once all are declared', async () => {
    const ok = await run('privacy', 'scan', '--check');
    expect(ok.code).toBe(0);
    const { 'orders.notes': _notes, ...rest } = shopPrivacyConfig().columns as Record<string, unknown>;
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), columns: rest } });
    const missing = await run('privacy', 'scan', '--check');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('PRIVACY_UNDECLARED_COLUMNS');
    expect(missing.stderr).toContain('orders.notes');
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), columns: rest, scan: { ignore: ['orders.notes'] } } });
    expect((await run('privacy', 'scan', '--check')).code).toBe(0);
  });

  it('names a catalogued column or table that does not exist, before any work', async () => {
    writeConfig(project.dir, {
      privacy: { ...shopPrivacyConfig(), columns: { ...(shopPrivacyConfig().columns as object), 'customers.emial': { kind: 'email', strategy: 'fake' } } },
    });
    const r = await run('anonymize', '--in-place', '--yes');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PRIVACY_CATALOG_UNKNOWN');
    expect(r.stderr).toContain('customers.emial');
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), subjects: { customer: { table: 'clients', key: 'id' } } } });
    const t = await run('subject', 'erase', 'customer', '1', '--yes');
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/PRIVACY_CATALOG_UNKNOWN.*table clients/);
  });

  it('anonymizes into a new database: no original value left, every foreign key and unique constraint valid', async () => {
    const into = await createScratchDatabase(dialect);
    try {
      const r = await run('anonymize', '--into', into.url, '--json');
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.json.rows).toBeGreaterThan(0);
      const values = (await everyValue(into.url)).join('\n');
      for (const c of customers) {
        for (const original of [c.email, c.phone, c.iban, c.nir, c.contact, c.street]) expect(values.includes(original), original).toBe(false);
      }
      const anonymized = await query<Record<string, unknown>>(into.url, 'select * from customers order by id');
      expect(anonymized).toHaveLength(CUSTOMERS);
      for (const [i, row] of anonymized.entries()) {
        const c = customers[i]!;
        expect(row.first_name).not.toBe(c.firstName);
        expect(row.last_name).not.toBe(c.lastName);
        expect(String(row.email)).toMatch(/@example\.(com|org|net)$/);
      }
      expect(new Set(anonymized.map((r) => r.email)).size).toBe(CUSTOMERS);
      const orphans = await query<{ n: number | string }>(
        into.url,
        `select count(*) as n from orders o left join customers c on c.id = o.customer_id left join addresses a on a.id = o.shipping_address_id
         where c.id is null or (o.shipping_address_id is not null and a.id is null)`,
      );
      expect(Number(orphans[0]!.n)).toBe(0);
      // The source is untouched.
      const source = await query<{ email: string }>(db.url, 'select email from customers order by id');
      expect(source.map((s) => s.email)).toEqual(customers.map((c) => c.email));
    } finally {
      await into.drop();
    }
  });

  it('anonymizes into a scratch database it names, and in place only with --yes and never on production', async () => {
    const scratch = await run('anonymize', '--json');
    expect(scratch.code, scratch.stderr).toBe(0);
    expect(scratch.json.mode).toBe('scratch');
    const scratchUrl = String(scratch.json.database);
    try {
      const emails = await query<{ email: string }>(scratchUrl, 'select email from customers');
      expect(emails.every((e) => /@example\.(com|org|net)$/.test(e.email))).toBe(true);
    } finally {
      if (dialect === 'sqlite') {
        const { rmSync } = await import('node:fs');
        rmSync(path.dirname(scratchUrl.slice('sqlite:'.length)), { recursive: true, force: true });
      } else {
        const name = new URL(scratchUrl).pathname.slice(1);
        const { withPg, withMysql } = await import('./helpers/databases.ts');
        if (dialect === 'postgres') await withPg((c) => c.query(`drop database if exists ${name} with (force)`));
        else await withMysql((c) => c.query(`drop database if exists ${name}`));
      }
    }

    const unconfirmed = await run('anonymize', '--in-place');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('PRIVACY_NEEDS_CONFIRMATION');
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), production: true } });
    const production = await run('anonymize', '--in-place', '--yes');
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('PRIVACY_PRODUCTION');
    expect((await query<{ email: string }>(db.url, 'select email from customers order by id')).map((r) => r.email)).toEqual(customers.map((c) => c.email));

    writeConfig(project.dir, { privacy: shopPrivacyConfig() });
    const inPlace = await run('anonymize', '--in-place', '--yes', '--json');
    expect(inPlace.code, inPlace.stderr).toBe(0);
    expect(inPlace.json.backup).toBeTruthy();
    const values = (await everyValue(db.url)).join('\n');
    for (const c of customers) expect(values.includes(c.email)).toBe(false);
    // Deterministic: the same e-mail gets the same fake in both tables, so joins on it still match.
    const joined = await query<{ n: number | string }>(db.url, 'select count(*) as n from invoices i join customers c on c.email = i.billing_email');
    expect(Number(joined[0]!.n)).toBe(customers.filter((c) => c.id % 2 === 1).length);
    const audit = await run('audit', 'show', '--json');
    expect(JSON.stringify(audit.json)).toContain('privacy.anonymized');
  });

  it('refuses without DIHYA_PRIVACY_KEY, and never prints the key', async () => {
    delete process.env.DIHYA_PRIVACY_KEY;
    try {
      const r = await run('subject', 'erase', 'customer', '1', '--yes');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('PRIVACY_KEY_MISSING');
    } finally {
      process.env.DIHYA_PRIVACY_KEY = KEY;
    }
    process.env.DIHYA_PRIVACY_KEY = 'short';
    try {
      expect((await run('anonymize', '--in-place', '--yes')).stderr).toContain('PRIVACY_KEY_WEAK');
    } finally {
      process.env.DIHYA_PRIVACY_KEY = KEY;
    }
  });

  it('exports exactly the subject’s rows with the Art. 15 metadata, 0600, audited by keyed hash', async () => {
    const out = path.join(project.dir, 'export.json');
    const r = await run('subject', 'export', 'customer', '1', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const document = JSON.parse(readFileSync(out, 'utf8'));
    expect(document.processing.purposes).toContain('order fulfilment');
    expect(document.categories).toContainEqual({ column: 'customers.email', kind: 'email' });
    const ids = (table: string) => (document.tables[table] ?? []).map((row: { id: number | string }) => Number(row.id)).sort((a: number, b: number) => a - b);
    expect(ids('customers')).toEqual([1]);
    expect(ids('addresses')).toEqual([11, 12]);
    expect(ids('orders')).toEqual([11, 12]);
    expect(ids('invoices')).toEqual([1]);
    expect(ids('tag_notes')).toEqual([1]);
    expect(document.tables.customer_tags.map((t: { tag: string }) => t.tag).sort()).toEqual(['promo', 'vip']);
    expect(Object.keys(document.tables).sort()).toEqual(['addresses', 'customer_tags', 'customers', 'invoices', 'orders', 'tag_notes']);
    expect(document.tables.customers[0].email).toBe(customers[0]!.email);
    const again = await run('subject', 'export', 'customer', '1', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('PRIVACY_OUT_FILE');
    const entries = (await run('audit', 'show', '--json')).json.entries as Record<string, unknown>[];
    const exported = entries.find((e) => e.event === 'subject.exported')!;
    expect(String(exported.idHash)).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.rows).toBe(9);
    const unknown = await run('subject', 'export', 'customer', '999', '--out', path.join(project.dir, 'none.json'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('PRIVACY_SUBJECT_NOT_FOUND');
  });

  it('erases a subject in one transaction after a backup; restoring an older backup re-applies the erasure', async () => {
    // Taken by its own process (see the restores below).
    const before = await runCliProcess(['backup', 'create', '--reason', 'before the request', '--json', '--url', db.url], { cwd: project.dir });
    const oldBackup = String(JSON.parse(before.stdout).backup.id);
    const r = await run('subject', 'erase', 'customer', '1', '--yes', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.deleted).toBe(8); // the customer, 2 addresses, 2 orders, 2 tags, 1 tag note
    expect(r.json.anonymized).toBe(1); // the invoice, kept for the accounts
    const erasedState = async () => {
      expect(await query(db.url, 'select * from customers where id = 1')).toEqual([]);
      expect(await query(db.url, 'select * from addresses where customer_id = 1')).toEqual([]);
      expect(await query(db.url, 'select * from orders where customer_id = 1')).toEqual([]);
      const [invoice] = await query<Record<string, unknown>>(db.url, 'select * from invoices where id = 1');
      expect(invoice!.customer_id).toBeNull();
      expect(invoice!.order_id).toBeNull();
      expect(String(invoice!.billing_email)).not.toBe(customers[0]!.email);
      expect(String(invoice!.billing_name)).not.toContain(customers[0]!.lastName);
      // Customer 2 was referred by customer 1: the link is cut, the customer stays.
      const [second] = await query<Record<string, unknown>>(db.url, 'select * from customers where id = 2');
      expect(second!.referred_by).toBeNull();
      const values = (await everyValue(db.url)).join('\n');
      for (const value of [customers[0]!.email, customers[0]!.phone, customers[0]!.iban, customers[0]!.nir, customers[0]!.contact])
        expect(values).not.toContain(value);
    };
    await erasedState();
    const ledger = await query<Record<string, unknown>>(db.url, 'select * from dihya_migrations_erasures');
    expect(ledger).toHaveLength(1);
    expect(String(ledger[0]!.id_hash)).toMatch(/^[0-9a-f]{64}$/);

    const verify = await run('backup', 'verify', oldBackup, '--json');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.json.erasuresAfter).toBe(1);
    const status = await run('status', '--json');
    // The latest backup is the one taken just before the erasure: it still holds the subject.
    expect(status.json.erasures).toEqual({ recorded: 1, latestBackupPredates: 1 });
    expect((await run('status')).stdout).toContain('erasure ledger: 1 subject(s) erased');

    // The other restores run as their own process (to set the key): a SQLite backup taken under the
    // lock holds the lease row of the process that took it, which must be dead for the next command.
    const restore = (env: NodeJS.ProcessEnv) => runCliProcess(['backup', 'restore', oldBackup, '--yes', '--url', db.url], { cwd: project.dir, env });
    const restored = await run('backup', 'restore', oldBackup, '--yes');
    expect(restored.code, restored.stdout + restored.stderr).toBe(0);
    await erasedState();
    expect(await query(db.url, 'select * from dihya_migrations_erasures')).toHaveLength(1);
    const entries = (await run('audit', 'show', '--json')).json.entries as Record<string, unknown>[];
    expect(entries.some((e) => e.event === 'subject.erasures-reapplied' && e.erasures === 1)).toBe(true);
    expect(entries.some((e) => e.event === 'subject.erased')).toBe(true);

    // Without the key, a restore cannot re-apply the erasures: it fails rather than bring the subject back silently.
    const keyless = await restore({ DIHYA_PRIVACY_KEY: '' });
    expect(keyless.code).not.toBe(0);
    expect(keyless.stderr).toContain('DIHYA_PRIVACY_KEY');
    const otherKey = await restore({ DIHYA_PRIVACY_KEY: 'another-key-0123456789abcdef' });
    expect(otherKey.code).not.toBe(0);
    expect(otherKey.stderr).toContain('recorded with another DIHYA_PRIVACY_KEY');
    const stateFiles = filesUnder(path.join(project.dir, '.dihya')).filter((f) => /\.(jsonl|log|json)$/.test(f));
    const everything = stateFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const c of customers.slice(0, 3)) for (const value of [c.email, c.phone, c.iban]) expect(everything).not.toContain(value);
    expect(everything).not.toContain(KEY);
    const ledgerFile = stateFiles.find((f) => f.includes(`${path.sep}privacy${path.sep}`))!;
    expect(statSync(ledgerFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(ledgerFile)).mode & 0o777).toBe(0o700);
  });

  it('refuses migration files holding personal values in validate and up, naming the file and line only', async () => {
    project.write(
      '20260102000000_seed.sql',
      `-- seed\n-- migrate:up\ninsert into products (id, name, price) values (9, 'x', 1);\n-- contact ${customers[0]!.email}\n`,
    );
    const validate = await run('validate');
    expect(validate.code).toBe(2);
    expect(validate.stderr).toContain('PRIVACY_LITERAL');
    expect(validate.stderr).toContain('20260102000000_seed.sql line 4');
    expect(validate.stderr).not.toContain(customers[0]!.email);
    // A run refuses it at its prepare point (the extension's failure names the file and line).
    const up = await run('up');
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain('20260102000000_seed.sql line 4 holds a personal value (email)');
    expect(up.stderr).not.toContain(customers[0]!.email);
    expect(await query(db.url, 'select * from products where id = 9')).toEqual([]);
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), literals: { allow: { '20260102000000_seed.sql': 'fixture' } } } });
    expect((await run('validate')).code).toBe(0);
    project.remove('20260102000000_seed.sql');
    project.write('20260102000000_seed.sql', `-- seed\n-- migrate:up\ninsert into products (id, name, price) values (9, 'ops@example.com', 1);\n`);
    writeConfig(project.dir, { privacy: shopPrivacyConfig() });
    expect((await run('validate')).code).toBe(0);
  });

  it('sends progress events in primary-key batches through the API', async () => {
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), batchSize: 7 } });
    const events: RunEvent[] = [];
    const migrator = await Migrator.open({ cwd: project.dir, overrides: { url: db.url }, onEvent: (e) => void events.push(e) });
    try {
      const catalog = await checkAnonymization(migrator.target, migrator.config, migrator.tables.all, { inPlace: true });
      const key = PrivacyKey.fromEnv(process.env, 'test');
      const result = await migrator.locked('anonymize', (run) => anonymizeDatabase({ run, config: migrator.config, key, mode: { inPlace: true } }, catalog));
      expect(result.tables.map((t) => t.table).sort()).toEqual(['addresses', 'customer_tags', 'customers', 'invoices', 'orders']);
    } finally {
      await migrator.close();
    }
    const progress = events.filter((e): e is Extract<RunEvent, { type: 'progress' }> => e.type === 'progress' && e.phase === 'customers');
    expect(progress.map((e) => e.done)).toEqual([0, 7, 14, 21, 24]);
    expect(progress.every((e) => e.total === CUSTOMERS && e.unit === 'rows')).toBe(true);
  });

  it('re-applies the ledger after the automatic restore of a failed migration', async () => {
    expect((await run('subject', 'erase', 'customer', '2', '--yes')).code).toBe(0);
    project.write(
      '20260105000000_breaks.ts',
      `export default { description: 'fails half-way outside a transaction', transactional: false,
        async up({ db }) { await db.schema.createTable('half_done').addColumn('id', 'integer').execute(); throw new Error('boom'); } };`,
    );
    const failed = await run('up', '--json');
    expect(failed.code).toBe(1);
    expect(await query(db.url, 'select * from customers where id = 2')).toEqual([]);
    const entries = (await run('audit', 'show', '--json')).json.entries as Record<string, unknown>[];
    expect(entries.some((e) => e.event === 'restore.automatic' && e.identical === true)).toBe(true);
  });

  it('refuses an erasure a NOT NULL link would block, changing nothing, and an anonymization the catalog does not cover', async () => {
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), erasure: { invoices: 'anonymize', addresses: 'anonymize' } } });
    const blocked = await run('subject', 'erase', 'customer', '3', '--yes');
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toContain('PRIVACY_ERASURE_BLOCKED');
    expect(blocked.stderr).toContain('addresses.customer_id');
    expect(await query(db.url, 'select id from customers where id = 3')).toHaveLength(1);
    expect(await query(db.url, 'select * from dihya_migrations_erasures')).toEqual([]);
    const unconfirmed = await run('subject', 'erase', 'customer', '3');
    expect(unconfirmed.stderr).toContain('PRIVACY_NEEDS_CONFIRMATION');

    const { 'customers.iban': _iban, ...rest } = shopPrivacyConfig().columns as Record<string, unknown>;
    writeConfig(project.dir, { privacy: { ...shopPrivacyConfig(), columns: rest } });
    const undeclared = await run('anonymize', '--in-place', '--yes');
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toContain('customers.iban (iban)');
    const both = await run('anonymize', '--in-place', '--into', 'sqlite:/tmp/x.db');
    expect(both.stderr).toContain('PRIVACY_ANONYMIZE_MODE');
    writeConfig(project.dir, { privacy: shopPrivacyConfig() });
    const itself = await run('anonymize', '--into', db.url);
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('the source database itself');
    const notEmpty = await createScratchDatabase(dialect);
    try {
      await query(notEmpty.url, 'create table keep_me (id integer primary key)');
      const refused = await run('anonymize', '--into', notEmpty.url);
      expect(refused.stderr).toContain('it is not empty');
      expect(await query(notEmpty.url, 'select * from keep_me')).toEqual([]);
    } finally {
      await notEmpty.drop();
    }
    const otherKind = await run('anonymize', '--into', dialect === 'sqlite' ? 'postgres://postgres@127.0.0.1:5432/none' : 'sqlite:/tmp/none.db');
    expect(otherKind.stderr).toContain('PRIVACY_INTO_INVALID');
  });

  it('drops the copy when anonymizing it fails, and leaves the source as it was', async () => {
    writeConfig(project.dir, {
      privacy: { ...shopPrivacyConfig(), columns: { ...(shopPrivacyConfig().columns as object), 'addresses.city': { kind: 'date', strategy: 'shift' } } },
    });
    const into = await createScratchDatabase(dialect);
    try {
      const failed = await run('anonymize', '--into', into.url);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('a value of this column is not a date');
      const left = await connect(into.url);
      try {
        expect(Object.keys((await left.snapshotSchema()).tables)).toEqual([]);
      } finally {
        await left.close();
      }
    } finally {
      await into.drop();
    }
    const scratch = await run('anonymize');
    expect(scratch.code).toBe(2);
    expect((await query<{ email: string }>(db.url, 'select email from customers order by id')).map((r) => r.email)).toEqual(customers.map((c) => c.email));
  });
});
