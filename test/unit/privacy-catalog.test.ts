import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.ts';
import type { SchemaSnapshot, TableSnapshot } from '../../src/database/schema-snapshot.ts';
import { Catalog, isNumericType, maxTextLength } from '../../src/privacy/catalog/catalog.ts';
import { findPersonalLiterals } from '../../src/privacy/literals/personal-literals.ts';
import { catalogDraft, suggestStrategy } from '../../src/privacy/scan/catalog-draft.ts';
import { kindFromName, looksLikePeople, normalizeName } from '../../src/privacy/scan/name-dictionary.ts';
import { sqlSyntax } from '../../src/sql/sql-syntax.ts';

const column = (type: string, nullable = true) => ({ type, nullable, default: null });
const table = (columns: TableSnapshot['columns'], extra: Partial<TableSnapshot> = {}): TableSnapshot => ({
  columns,
  primaryKey: ['id'],
  indexes: {},
  foreignKeys: {},
  ...extra,
});

const SCHEMA: SchemaSnapshot = {
  views: {},
  tables: {
    Customers: table(
      { id: column('integer', false), email: column('varchar(120)', false), code: column('varchar(8)'), age: column('integer'), notes: column('text', false) },
      { indexes: { customers_email: { columns: ['email'], unique: true } } },
    ),
    orders: table(
      { id: column('integer', false), customer_id: column('integer', false), email: column('varchar(100)') },
      { foreignKeys: { orders_customer: { columns: ['customer_id'], references: { table: 'Customers', columns: ['id'] } } } },
    ),
    logs: table({ line: column('text') }, { primaryKey: [] }),
  },
};

const privacy = (section: Record<string, unknown>) => configSchema().parse({ privacy: section }).privacy;
const resolve = (section: Record<string, unknown>, dialect: 'mysql' | 'postgres' = 'mysql') => Catalog.resolve(privacy(section), SCHEMA, sqlSyntax(dialect));

describe('the privacy section of the config', () => {
  it.each([
    [{ columns: { 'customers.email': { kind: 'mail', strategy: 'fake' } } }, /kind/],
    [{ columns: { customers: { kind: 'email', strategy: 'fake' } } }, /table\.column/],
    [{ columns: { 'c.x': { kind: 'text', strategy: 'constant' } } }, /`constant` needs a `value`/],
    [{ columns: { 'c.x': { kind: 'text', strategy: 'null', value: 1 } } }, /only goes with `constant`/],
    [{ columns: { 'c.x': { kind: 'email', strategy: 'shift' } } }, /moves dates/],
    [{ columns: { 'c.x': { kind: 'date', strategy: 'fake', days: 3 } } }, /`days` only goes with `shift`/],
    [{ columns: { 'c.x': { kind: 'email', strategy: 'generalize' } } }, /generalize/],
    [{ columns: { 'c.x': { kind: 'date', strategy: 'generalize', keep: 2 } } }, /`keep` only goes/],
    [{ erasure: { invoices: 'anonymize' } }, /no column of invoices/],
    [{ unknown: true }, /unrecognized/i],
  ])('refuses %j', (section, message) => {
    const parsed = configSchema().safeParse({ privacy: section });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });

  it('has defaults', () => {
    expect(privacy({})).toMatchObject({ production: false, columns: {}, literals: { refuse: true }, fakeLocale: 'en', batchSize: 5000 });
  });
});

describe('the catalog against the schema', () => {
  it('resolves names as the database spells them (case-insensitive where the dialect is)', () => {
    const catalog = resolve({ columns: { 'customers.EMAIL': { kind: 'email', strategy: 'fake' } }, subjects: { customer: { table: 'customers', key: 'ID' } } });
    expect(catalog.columns[0]).toMatchObject({ table: 'Customers', column: 'email' });
    expect(catalog.subject('customer')).toEqual({ name: 'customer', table: 'Customers', key: 'id' });
    expect(catalog.erasureOf('orders')).toBe('delete');
    expect(catalog.tables()).toEqual(['Customers']);
    expect(catalog.column('Customers', 'email')?.entry).toBe('customers.EMAIL');
    expect(() => catalog.subject('patient')).toThrow(/No data subject "patient"/);
    expect(() => catalog.primaryKey('logs')).toThrow(/no primary key/);
  });

  it.each([
    [{ columns: { 'customers.emial': { kind: 'email', strategy: 'fake' } } }, /column Customers\.emial, which does not exist/],
    [{ columns: { 'clients.email': { kind: 'email', strategy: 'fake' } } }, /table clients/],
    [{ subjects: { c: { table: 'customers', key: 'uid' } } }, /column Customers\.uid/],
    [{ erasure: { invoices: 'delete' } }, /table invoices/],
  ])('names what does not exist: %j', (section, message) => {
    expect(() => resolve(section)).toThrow(message);
  });

  it('is case-sensitive on PostgreSQL', () => {
    expect(() => resolve({ columns: { 'customers.email': { kind: 'email', strategy: 'fake' } } }, 'postgres')).toThrow(/table customers/);
  });

  it.each([
    ['Customers.id', { kind: 'other', strategy: 'hash' }, /primary key/],
    ['orders.customer_id', { kind: 'other', strategy: 'hash' }, /foreign key orders_customer/],
    ['Customers.email', { kind: 'email', strategy: 'null' }, /NOT NULL/],
    ['Customers.email', { kind: 'email', strategy: 'constant', value: null }, /NOT NULL/],
    ['Customers.email', { kind: 'email', strategy: 'constant', value: 'x' }, /unique/],
    ['Customers.code', { kind: 'other', strategy: 'hash' }, /needs at least 16/],
    ['Customers.age', { kind: 'name', strategy: 'fake' }, /number column/],
    ['Customers.age', { kind: 'other', strategy: 'hash' }, /keyed hash is text/],
  ])('refuses a strategy the column cannot take: %s %j', (entry, rule, message) => {
    expect(() => resolve({ columns: { [entry]: rule } })).toThrow(message);
  });

  it('accepts keep anywhere', () => {
    expect(resolve({ columns: { 'Customers.id': { kind: 'other', strategy: 'keep' } } }).columns).toHaveLength(1);
  });

  it('reads type lengths and number types', () => {
    expect(maxTextLength('character varying(40)')).toBe(40);
    expect(maxTextLength('varchar(12)')).toBe(12);
    expect(maxTextLength('text')).toBeUndefined();
    expect(isNumericType('bigint')).toBe(true);
    expect(isNumericType('varchar(10)')).toBe(false);
  });
});

describe('the scan dictionaries and the draft', () => {
  it.each([
    ['customers', 'email', 'email'],
    ['clients', 'courriel', 'email'],
    ['clients', 'Téléphone', 'phone'],
    ['customers', 'billing_phone', 'phone'],
    ['clients', 'prénom', 'first_name'],
    ['clients', 'nom', 'name'],
    ['clients', 'date_de_naissance', 'birth_date'],
    ['users', 'dateOfBirth', 'birth_date'],
    ['clients', 'adresse', 'address'],
    ['clients', 'code_postal', 'postcode'],
    ['salaries', 'numero_secu', 'nir'],
    ['accounts', 'iban', 'iban'],
    ['sessions', 'ip_address', 'ip'],
  ])('%s.%s is %s', (t, c, kind) => {
    expect(kindFromName(t, c)?.kind).toBe(kind);
  });

  it('does not flag product names or references', () => {
    expect(kindFromName('products', 'name')).toBeUndefined();
    expect(kindFromName('orders', 'reference')).toBeUndefined();
    expect(looksLikePeople('utilisateurs')).toBe(true);
    expect(looksLikePeople('products')).toBe(false);
    expect(normalizeName('Date_de_Naissance')).toBe('datedenaissance');
  });

  it('suggests strategies that fit the constraints, and subjects', () => {
    expect(suggestStrategy('email', SCHEMA, 'Customers', 'email')).toBe('fake');
    expect(suggestStrategy('postcode', SCHEMA, 'Customers', 'email')).toBe('hash');
    expect(suggestStrategy('text', SCHEMA, 'Customers', 'notes')).toBe('hash');
    expect(suggestStrategy('text', SCHEMA, 'orders', 'email')).toBe('null');
    const candidate = { table: 'Customers', column: 'email', type: 'varchar(120)', kind: 'email' as const, evidence: [], declared: false, ignored: false };
    const draft = catalogDraft([candidate, { ...candidate, table: 'logs', column: 'line', ignored: true }], SCHEMA);
    expect(draft.columns.map((c) => c.entry)).toEqual(['Customers.email']);
    expect(draft.subjects).toEqual([{ name: 'customer', table: 'Customers', key: 'id' }]);
  });
});

describe('personal values in migration files', () => {
  it('finds them by line, leaving reserved-domain e-mails alone', () => {
    const text = [
      '-- migrate:up',
      "insert into customers (email) values ('ana@corp.fr');",
      "insert into customers (email) values ('ops@example.com'), ('qa@staging.test'), ('x@y.invalid');",
      "update customers set phone = '+33 6 12 34 56 78' where id = 1;",
      '-- 20261127061249, 1000000 rows, port 5432',
      "insert into t values ('FR76 3000 6000 0112 3456 7890 189', '4111 1111 1111 1111', '1 85 05 78 006 084 91');",
      "select * from customers where email like '%@gmail.com';",
    ].join('\n');
    expect(findPersonalLiterals(text)).toEqual([
      { line: 2, kinds: ['email'] },
      { line: 4, kinds: ['phone'] },
      { line: 6, kinds: ['card', 'iban', 'nir'] },
    ]);
  });
});
