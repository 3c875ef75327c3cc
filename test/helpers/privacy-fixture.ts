import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { connect } from '../../src/database/connect.ts';
import { ibanCheckDigits, nirKey } from '../../src/privacy/redaction/checksums.ts';
import type { Dialect } from './databases.ts';

/**
 * A realistic shop schema with planted personal data: customers (a self-reference: who referred
 * them), their addresses, orders (an order may replace another: a self-referencing table),
 * invoices kept for legal reasons (erasure anonymizes them), a free-text notes column holding
 * e-mails, a contact column with an unhelpful name, and products (not personal).
 */
export function shopSchema(dialect: Dialect): string {
  const date = dialect === 'sqlite' ? 'varchar(10)' : 'date';
  return `
create table customers (
  id integer primary key,
  email varchar(120) not null unique,
  first_name varchar(60) not null,
  last_name varchar(60) not null,
  phone varchar(40),
  birth_date ${date},
  iban varchar(40),
  nir varchar(30),
  misc_contact varchar(120),
  referred_by integer references customers(id)
);
create table addresses (
  id integer primary key,
  customer_id integer not null references customers(id),
  street varchar(120) not null,
  city varchar(80) not null,
  postcode varchar(10) not null
);
create table products (id integer primary key, name varchar(80) not null, price decimal(10,2) not null);
create table orders (
  id integer primary key,
  customer_id integer not null references customers(id),
  shipping_address_id integer references addresses(id),
  replaces_order_id integer references orders(id),
  product_id integer references products(id),
  reference varchar(20) not null unique,
  notes varchar(400),
  total decimal(10,2) not null
);
create table customer_tags (
  customer_id integer not null references customers(id),
  tag varchar(20) not null,
  label varchar(80),
  primary key (customer_id, tag)
);
create table tag_notes (
  id integer primary key,
  customer_id integer not null,
  tag varchar(20) not null,
  remark varchar(80),
  foreign key (customer_id, tag) references customer_tags(customer_id, tag)
);
create table invoices (
  id integer primary key,
  order_id integer references orders(id),
  customer_id integer references customers(id),
  billing_name varchar(120) not null,
  billing_email varchar(120) not null,
  amount decimal(10,2) not null,
  issued_at ${date} not null
);`;
}

/** One planted customer, with every personal value it holds (what must disappear). */
export interface PlantedCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  birthDate: string;
  iban: string;
  nir: string;
  contact: string;
  street: string;
  city: string;
}

const FIRST = ['Amina', 'Bruno', 'Chloé', 'Dmitri', 'Élodie', 'Farid', 'Gaëlle', 'Hugo', 'Inès', 'Jonas', 'Karim', 'Léa'];
const LAST = ['Benali', 'Durand', 'Moreau', 'Nguyen', 'Petit', 'Rousseau', 'Haddad', 'Lefèvre', 'Garcia', 'Martin', 'Bernard', 'Kowalski'];
const CITIES = ['Lyon', 'Lille', 'Nantes', 'Rennes', 'Brest', 'Nice'];

/** `count` customers with valid, distinct personal values (phones, IBANs and NIRs pass their checks). */
export function plantedCustomers(count: number): PlantedCustomer[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + 1;
    const bban = `30006000${String(10000000000 + i * 7919).slice(-11)}${String(10 + (i % 89)).padStart(2, '0')}`;
    const body = `${1 + (i % 2)}${String(60 + (i % 40))}${String(1 + (i % 12)).padStart(2, '0')}75${String(100 + i).slice(-3)}${String(200 + i).slice(-3)}`;
    const first = FIRST[n % FIRST.length]!;
    const last = LAST[(n * 5) % LAST.length]!;
    return {
      id: i,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@mail-${i % 3}.fr`,
      firstName: first,
      lastName: last,
      phone: `+33 6 ${String(10 + (i % 90))} ${String(20 + ((i * 7) % 80))} ${String(10 + ((i * 13) % 90))} ${String(10 + ((i * 17) % 90))}`,
      birthDate: `19${60 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
      iban: `FR${ibanCheckDigits('FR', bban)} ${bban}`.replace(/(.{4})(?=.)/g, (m) => `${m}`),
      nir: `${body}${String(nirKey(body)).padStart(2, '0')}`,
      contact: `contact.${i}@partner-${i % 4}.com`,
      street: `${i} rue ${LAST[(n * 3) % LAST.length]}`,
      city: CITIES[n % CITIES.length]!,
    };
  });
}

const q = (value: string | number | null) => (value === null ? 'null' : typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`);

/**
 * The fixture's rows as one SQL text: every customer has two addresses and two orders, the second
 * order replacing the first; customer 1's first order has an invoice, and so do others; customer
 * 2 was referred by customer 1; every third order's notes mention an e-mail.
 */
export function shopData(customers: PlantedCustomer[]): string {
  const lines: string[] = [`insert into products (id, name, price) values (1, 'Lampe', 19.90), (2, 'Chaise', 49.00);`];
  for (const c of customers) {
    const referredBy = c.id === 1 ? null : c.id === 2 ? 1 : c.id - 2;
    lines.push(
      `insert into customers (id, email, first_name, last_name, phone, birth_date, iban, nir, misc_contact, referred_by) values (${[c.id, c.email, c.firstName, c.lastName, c.phone, c.birthDate, c.iban, c.nir, c.contact].map(q).join(', ')}, ${q(referredBy)});`,
    );
  }
  for (const c of customers) {
    lines.push(
      `insert into addresses (id, customer_id, street, city, postcode) values (${c.id * 10 + 1}, ${c.id}, ${q(c.street)}, ${q(c.city)}, '75${String(c.id % 20).padStart(3, '0')}'), (${c.id * 10 + 2}, ${c.id}, ${q(`${c.street} bis`)}, ${q(c.city)}, '69${String(c.id % 20).padStart(3, '0')}');`,
    );
    const notes = c.id % 3 === 0 ? q(`call back, write to ${c.email}`) : q('leave at the door');
    lines.push(
      `insert into orders (id, customer_id, shipping_address_id, replaces_order_id, product_id, reference, notes, total) values (${c.id * 10 + 1}, ${c.id}, ${c.id * 10 + 1}, null, 1, 'R-${c.id}-1', ${notes}, 19.90), (${c.id * 10 + 2}, ${c.id}, ${c.id * 10 + 2}, ${c.id * 10 + 1}, 2, 'R-${c.id}-2', null, 49.00);`,
    );
    lines.push(
      `insert into customer_tags (customer_id, tag, label) values (${c.id}, 'vip', ${q(`VIP since ${2000 + c.id}`)}), (${c.id}, 'promo', 'spring');`,
      `insert into tag_notes (id, customer_id, tag, remark) values (${c.id}, ${c.id}, 'vip', 'gold card');`,
    );
    if (c.id % 2 === 1) {
      lines.push(
        `insert into invoices (id, order_id, customer_id, billing_name, billing_email, amount, issued_at) values (${c.id}, ${c.id * 10 + 1}, ${c.id}, ${q(`${c.firstName} ${c.lastName}`)}, ${q(c.email)}, 19.90, '2026-0${1 + (c.id % 9)}-15');`,
      );
    }
  }
  return lines.join('\n');
}

/** The catalog for the fixture, as the `privacy` section of a config. */
export function shopPrivacyConfig(): Record<string, unknown> {
  return {
    columns: {
      'customers.email': { kind: 'email', strategy: 'fake' },
      'customers.first_name': { kind: 'first_name', strategy: 'fake' },
      'customers.last_name': { kind: 'last_name', strategy: 'fake' },
      'customers.phone': { kind: 'phone', strategy: 'fake' },
      'customers.birth_date': { kind: 'birth_date', strategy: 'generalize' },
      'customers.iban': { kind: 'iban', strategy: 'fake' },
      'customers.nir': { kind: 'nir', strategy: 'fake' },
      'customers.misc_contact': { kind: 'email', strategy: 'hash' },
      'addresses.street': { kind: 'address', strategy: 'fake' },
      'addresses.city': { kind: 'city', strategy: 'fake' },
      'addresses.postcode': { kind: 'postcode', strategy: 'generalize' },
      'orders.notes': { kind: 'text', strategy: 'null' },
      'customer_tags.label': { kind: 'other', strategy: 'hash' },
      'invoices.billing_name': { kind: 'name', strategy: 'fake' },
      'invoices.billing_email': { kind: 'email', strategy: 'fake' },
    },
    subjects: { customer: { table: 'customers', key: 'id' } },
    erasure: { invoices: 'anonymize' },
    processing: {
      controller: 'Boutique Exemple SAS',
      purposes: ['order fulfilment', 'invoicing (legal obligation)'],
      recipients: ['carrier', 'accountant'],
      retention: '3 years after the last order; invoices 10 years',
      source: 'collected from the customer at checkout',
    },
  };
}

/** Writes `dihya.config.json` in `dir` with the given privacy section (and anything else). */
export function writeConfig(dir: string, config: Record<string, unknown>): void {
  writeFileSync(path.join(dir, 'dihya.config.json'), JSON.stringify(config, null, 2));
}

/** Inserts the fixture's rows ({@link shopData}) into the shop schema at `url`. */
export async function seedShop(url: string, customers: PlantedCustomer[]): Promise<void> {
  const target = await connect(url);
  try {
    for (const statement of shopData(customers).split(';\n')) {
      if (statement.trim()) await sql.raw(statement.replace(/;$/, '')).execute(target.db);
    }
  } finally {
    await target.close();
  }
}
