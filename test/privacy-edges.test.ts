import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { writeConfig } from './helpers/privacy-fixture.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const KEY = 'p'.repeat(48);

/**
 * Customers with visits kept in a table without a primary key (its rows are named by all their
 * columns), and invoices kept for the accounts whose only catalogued
 * column is kept as it is. `text` columns have no length (fake values need no trimming).
 */
const SCHEMA = `-- migrate:up
create table customers (id integer primary key, email text not null, full_name text not null, note text);
create table visits (customer_id integer not null references customers(id), place text not null, seen_at text);
create table invoices (id integer primary key, customer_id integer references customers(id), billing_name text not null, amount integer not null);
insert into customers values (1, 'ada@example.org', 'Ada Lovelace', 'vip'), (2, 'brahim@example.org', 'Brahim K', null);
insert into visits values (1, 'Lyon', '2026-01-01'), (1, 'Lille', '2026-01-02'), (2, 'Nice', '2026-01-03');
insert into invoices values (10, 1, 'Ada Lovelace', 100), (11, 2, 'Brahim K', 50);
`;

describe('privacy edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);
  const config = (extra: Record<string, unknown> = {}, moreColumns: Record<string, unknown> = {}) =>
    writeConfig(project.dir, {
      privacy: {
        columns: {
          'customers.email': { kind: 'email', strategy: 'fake' },
          'customers.full_name': { kind: 'name', strategy: 'fake' },
          'visits.place': { kind: 'city', strategy: 'fake' },
          'invoices.billing_name': { kind: 'name', strategy: 'keep' },
          ...moreColumns,
        },
        subjects: { customer: { table: 'customers', key: 'id' } },
        erasure: { invoices: 'anonymize' },
      },
      ...extra,
    });

  beforeEach(async () => {
    process.env.DIHYA_PRIVACY_KEY = KEY;
    project = createProject({ '20260101000000_shop.sql': SCHEMA });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    expect((await json('up')).code).toBe(0);
  });
  afterEach(() => {
    delete process.env.DIHYA_PRIVACY_KEY;
    project.cleanup();
  });

  it('subject commands need privacy.subjects; export needs --out', async () => {
    const notConfigured = await json('subject', 'erase', 'customer', '1', '--yes');
    expect(notConfigured.code).toBe(2);
    expect(notConfigured.json.error.code).toBe('PRIVACY_NOT_CONFIGURED');
    expect(notConfigured.json.error.message).toContain('privacy.subjects');
    config();
    const noOut = await json('subject', 'export', 'customer', '1');
    expect(noOut.code).toBe(2);
    expect(noOut.json.error.code).toBe('USAGE');
    const fr = await cli(['subject', 'export', 'customer', '1', '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toMatch(/^erreur \[USAGE\]/);
  });

  it('exports without a processing section (null), and erases rows of a table without a primary key', async () => {
    config();
    const out = path.join(project.dir, 'ada.json');
    const exported = await json('subject', 'export', 'customer', '1', '--out', out);
    expect(exported.code).toBe(0);
    const document = JSON.parse(readFileSync(out, 'utf8'));
    expect(document.processing).toBeNull();
    expect(document.tables.visits.map((v: { place: string }) => v.place).sort()).toEqual(['Lille', 'Lyon']);

    const erased = await json('subject', 'erase', 'customer', '1', '--yes');
    expect(erased.code, JSON.stringify(erased.json)).toBe(0);
    expect(erased.json).toMatchObject({ subject: 'customer', deleted: 3, anonymized: 1, unlinked: 1 });
    expect(erased.json.backup).toEqual(expect.any(String)); // an erasure always takes its backup first
    expect(await query(url, 'select customer_id, place from visits order by place')).toEqual([{ customer_id: 2, place: 'Nice' }]);
    // The invoice stays for the accounts, its only catalogued column kept as the catalog says.
    expect(await query(url, 'select id, customer_id, billing_name from invoices order by id')).toEqual([
      { id: 10, customer_id: null, billing_name: 'Ada Lovelace' },
      { id: 11, customer_id: 2, billing_name: 'Brahim K' },
    ]);
    expect(await query(url, 'select id from customers')).toEqual([{ id: 2 }]);
    const text = await cli(['subject', 'erase', 'customer', '2', '--yes', '--url', url], project.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(erased.json.backup === undefined ? '' : 'backup');
    // status counts the erasures, and how many the newest backup predates (restoring it re-applies them).
    const status = await json('status');
    expect(status.json.erasures).toEqual({ recorded: 2, latestBackupPredates: expect.any(Number) });
    expect((await cli(['status', '--url', url], project.dir)).stdout).toMatch(/erasure/i);
    const missing = await json('subject', 'erase', 'customer', '1', '--yes');
    expect(missing.code).toBe(2);
    expect(missing.json.error.code).toBe('PRIVACY_SUBJECT_NOT_FOUND');
  });

  it('erases the rows of a table without a primary key whose link to the subject is nullable (not cut, then missed)', async () => {
    const { DatabaseSync } = await import('node:sqlite');
    const raw = new DatabaseSync(path.join(project.dir, 'app.db'));
    raw.exec('create table stays (customer_id integer references customers(id), place text)');
    raw.exec("insert into stays values (1, 'Brest'), (1, 'Dijon'), (2, 'Pau')");
    raw.close();
    config({}, { 'stays.place': { kind: 'city', strategy: 'fake' } });
    const erased = await json('subject', 'erase', 'customer', '1', '--yes');
    expect(erased.code, JSON.stringify(erased.json)).toBe(0);
    expect(await query(url, 'select customer_id, place from stays order by place')).toEqual([{ customer_id: 2, place: 'Pau' }]);
  });

  it('scan: a database whose columns hold nothing personal finds no candidate and drafts nothing', async () => {
    const empty = createProject({
      '20260101000000_plain.sql':
        "-- migrate:up\ncreate table products (id integer primary key, price integer, label text);\ninsert into products values (1, 5, 'lamp');\n",
    });
    try {
      const plainUrl = `sqlite:${path.join(empty.dir, 'p.db')}`;
      expect((await cli(['up', '--url', plainUrl], empty.dir)).code).toBe(0);
      const scan = await cli(['privacy', 'scan', '--url', plainUrl], empty.dir);
      expect(scan.code).toBe(0);
      expect(scan.stdout).toMatch(/no .*personal|none/i);
      const scanJson = await cli(['privacy', 'scan', '--url', plainUrl, '--json'], empty.dir);
      expect(scanJson.json.candidates).toEqual([]);
    } finally {
      empty.cleanup();
    }
  });
});
