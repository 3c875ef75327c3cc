import { DatabaseSync } from 'node:sqlite';
import type { Dialect } from './databases.ts';
import { withMysql, withPg } from './databases.ts';

/**
 * A database exercising what a backup must keep: FK, unique, index, view on a view, sequence /
 * auto-increment, a trigger, a PostgreSQL enum type and a second schema, NULLs, unicode text,
 * binary data (empty included), generated columns and a few thousand rows.
 */
export const CUSTOMERS = 2000;
export const ORDERS = 3000;
export const INVOICES = 500;

export const UNICODE = 'Zoë ☃ 😀 日本語 ⵜⴰⵎⴰⵣⵉⵖⵜ «Dihya»';

export function customerRow(i: number) {
  return {
    email: `c${i}@example.com`,
    name: `${UNICODE} #${i} it's "quoted" \\ back;slash`,
    note: i % 2 === 0 ? null : `note ${i}\nsecond line\ttab`,
    avatar: i % 3 === 0 ? Buffer.from([i % 256, 0, 255, 10, 13, 39, 92, 26, (i * 7) % 256]) : i % 3 === 1 ? null : Buffer.alloc(0),
    mood: ['happy', 'sad', 'ok'][i % 3]!,
    score: i % 5 === 0 ? null : (i * 1.25).toFixed(2),
  };
}

export function orderRow(i: number) {
  return { customerId: (i % CUSTOMERS) + 1, amountCents: (i * 37) % 10_000 };
}

/** Builds the fixture in the (empty) database at `url`. */
export async function buildFixture(dialect: Dialect, url: string, file?: string): Promise<void> {
  if (dialect === 'sqlite') return buildSqlite(file!);
  if (dialect === 'postgres') return buildPostgres(url);
  return buildMysql(url);
}

/** Changes the database after the backup: a new table, a dropped column, deleted and inserted rows. */
export async function mutateFixture(dialect: Dialect, url: string, file?: string): Promise<void> {
  if (dialect === 'sqlite') {
    const db = new DatabaseSync(file!);
    db.exec(`pragma foreign_keys = on;
      create table added_later (id integer primary key, v text);
      insert into added_later (v) values ('x');
      alter table customers drop column note;
      delete from orders where id % 10 = 0 and id > ${INVOICES};
      insert into orders (customer_id, amount_cents) values (1, 1), (2, 2), (3, 3);
      insert into customers (email, name) values ('new1@example.com', 'new'), ('new2@example.com', 'new');`);
    db.close();
    return;
  }
  if (dialect === 'postgres') {
    await withPg(async (c) => {
      await c.query(`create table added_later (id serial primary key, v text);
        insert into added_later (v) values ('x');
        create schema added_schema; create table added_schema.t (a int);
        alter table customers drop column note;
        delete from orders where id % 10 = 0 and id > ${INVOICES};
        insert into orders (customer_id, amount_cents) values (1, 1), (2, 2), (3, 3);
        insert into customers (email, name) values ('new1@example.com', 'new'), ('new2@example.com', 'new');
        select nextval('billing.invoice_numbers');
        alter type mood add value 'angry';
        drop view top_big_spenders;`);
    }, url);
    return;
  }
  await withMysql(async (c) => {
    await c.query('create table added_later (id int auto_increment primary key, v text)');
    await c.query("insert into added_later (v) values ('x')");
    await c.query('drop view top_big_spenders');
    await c.query('alter table customers drop column note');
    await c.query(`delete from orders where id % 10 = 0 and id > ${INVOICES}`);
    await c.query('insert into orders (customer_id, amount_cents) values (1, 1), (2, 2), (3, 3)');
    await c.query("insert into customers (email, name) values ('new1@example.com', 'new'), ('new2@example.com', 'new')");
    await c.query('drop procedure count_orders');
    await c.query('create procedure added_later_proc() select 1');
  }, url);
}

/** The row counts a backup of the fresh fixture must report. */
export function expectedRowCounts(dialect: Dialect): Record<string, number> {
  const base = { customers: CUSTOMERS, orders: ORDERS, order_audit: ORDERS, empty_table: 0 };
  if (dialect === 'postgres') return { ...base, 'billing.invoices': INVOICES };
  return { ...base, invoices: INVOICES };
}

/** Inserts a customer and returns the id the sequence / auto-increment gave it. */
export async function insertCustomer(dialect: Dialect, url: string, file?: string): Promise<number> {
  if (dialect === 'sqlite') {
    const db = new DatabaseSync(file!);
    const row = db.prepare("insert into customers (email, name) values ('after@example.com', 'after') returning id").get() as { id: number };
    db.close();
    return Number(row.id);
  }
  if (dialect === 'postgres') {
    return withPg(
      async (c) => Number((await c.query("insert into customers (email, name) values ('after@example.com', 'after') returning id")).rows[0].id),
      url,
    );
  }
  return withMysql(async (c) => {
    const [result] = await c.query("insert into customers (email, name) values ('after@example.com', 'after')");
    return Number((result as { insertId: number }).insertId);
  }, url);
}

function buildSqlite(file: string): void {
  const db = new DatabaseSync(file);
  db.exec(`pragma journal_mode = wal; pragma foreign_keys = on;
    create table customers (
      id integer primary key autoincrement,
      email text not null unique,
      name text not null,
      note text,
      avatar blob,
      mood text default 'ok' check (mood in ('happy', 'sad', 'ok')),
      score real
    );
    create table orders (
      id integer primary key autoincrement,
      customer_id integer not null references customers (id) on delete cascade,
      amount_cents integer not null
    );
    create index orders_customer_idx on orders (customer_id);
    create table order_audit (id integer primary key autoincrement, order_id integer not null, action text not null);
    create trigger orders_audit after insert on orders begin
      insert into order_audit (order_id, action) values (new.id, 'created');
    end;
    create view big_spenders as select c.id, c.name, sum(o.amount_cents) as total
      from customers c join orders o on o.customer_id = c.id group by c.id having sum(o.amount_cents) > 5000;
    create view top_big_spenders as select * from big_spenders where total > 10000;
    create table invoices (id integer primary key, order_id integer references orders (id), total numeric not null, paid integer default 0);
    create table empty_table (a integer);`);
  db.exec('begin');
  const customer = db.prepare('insert into customers (email, name, note, avatar, mood, score) values (?, ?, ?, ?, ?, ?)');
  for (let i = 1; i <= CUSTOMERS; i++) {
    const c = customerRow(i);
    customer.run(c.email, c.name, c.note, c.avatar, c.mood, c.score === null ? null : Number(c.score));
  }
  const order = db.prepare('insert into orders (customer_id, amount_cents) values (?, ?)');
  for (let i = 1; i <= ORDERS; i++) order.run(orderRow(i).customerId, orderRow(i).amountCents);
  const invoice = db.prepare('insert into invoices (id, order_id, total, paid) values (?, ?, ?, ?)');
  for (let i = 1; i <= INVOICES; i++) invoice.run(i, i, i * 3.5, i % 2);
  db.exec('commit');
  db.close();
}

async function buildPostgres(url: string): Promise<void> {
  await withPg(async (c) => {
    await c.query(`
      create type mood as enum ('happy', 'sad', 'ok');
      create schema billing;
      comment on schema billing is 'money';
      create table customers (
        id serial primary key,
        email varchar(200) not null unique,
        name text not null,
        note text,
        avatar bytea,
        mood mood default 'ok',
        score numeric(10, 2) check (score >= 0),
        name_length int generated always as (char_length(name)) stored,
        created_at timestamptz not null default '2026-01-01T00:00:00Z'
      );
      comment on table customers is 'people who buy';
      create table orders (
        id bigint generated always as identity primary key,
        customer_id int not null references customers (id) on delete cascade,
        amount_cents int not null,
        tags text[]
      );
      create index orders_customer_idx on orders (customer_id);
      create index customers_lower_email on customers (lower(email));
      create table order_audit (id serial primary key, order_id bigint not null, action text not null);
      create function audit_order() returns trigger language plpgsql as $$
        begin insert into order_audit (order_id, action) values (new.id, 'created'); return new; end $$;
      create trigger orders_audit after insert on orders for each row execute function audit_order();
      create view big_spenders as select c.id, c.name, sum(o.amount_cents) as total
        from customers c join orders o on o.customer_id = c.id group by c.id having sum(o.amount_cents) > 5000;
      create view top_big_spenders as select * from big_spenders where total > 10000;
      create table billing.invoices (id serial primary key, order_id bigint references public.orders (id), total numeric not null, paid boolean default false);
      create sequence billing.invoice_numbers start 1000;
      select nextval('billing.invoice_numbers'), nextval('billing.invoice_numbers');
      create table empty_table (a int);`);
    for (let start = 1; start <= CUSTOMERS; start += 500) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = start; i < start + 500 && i <= CUSTOMERS; i++) {
        const row = customerRow(i);
        const n = values.length;
        tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6})`);
        values.push(row.email, row.name, row.note, row.avatar, row.mood, row.score);
      }
      await c.query(`insert into customers (email, name, note, avatar, mood, score) values ${tuples.join(', ')}`, values);
    }
    await c.query(`insert into orders (customer_id, amount_cents, tags)
      select (i % ${CUSTOMERS}) + 1, (i * 37) % 10000, case when i % 4 = 0 then null else array['a', 'b;c', 'ü'] end from generate_series(1, ${ORDERS}) i`);
    await c.query(`insert into billing.invoices (order_id, total, paid) select i, i * 3.5, i % 2 = 0 from generate_series(1, ${INVOICES}) i`);
  }, url);
}

async function buildMysql(url: string): Promise<void> {
  await withMysql(async (c) => {
    const [version] = await c.query('select version() as v');
    const mariadb = /mariadb/i.test(String((version as { v: string }[])[0]!.v));
    await c.query(`create table customers (
        id int auto_increment primary key,
        email varchar(200) not null unique,
        name varchar(200) not null,
        note text null,
        avatar blob null,
        flags bit(8) null,
        mood enum('happy', 'sad', 'ok') default 'ok',
        score decimal(10, 2),
        name_length int generated always as (char_length(name)) virtual,
        created_at datetime(3) not null default '2026-01-01 00:00:00.000',
        check (score >= 0)
      ) engine=InnoDB default charset=utf8mb4`);
    await c.query(`create table orders (
        id bigint auto_increment primary key,
        customer_id int not null,
        amount_cents int not null,
        key orders_customer_idx (customer_id),
        constraint orders_customer_fk foreign key (customer_id) references customers (id) on delete cascade
      ) engine=InnoDB`);
    await c.query('create table order_audit (id int auto_increment primary key, order_id bigint not null, action varchar(20) not null) engine=InnoDB');
    await c.query(`create trigger orders_audit after insert on orders for each row begin
        insert into order_audit (order_id, action) values (new.id, 'created; logged');
      end`);
    await c.query(`create view big_spenders as select c.id, c.name, sum(o.amount_cents) as total
        from customers c join orders o on o.customer_id = c.id group by c.id, c.name having sum(o.amount_cents) > 5000`);
    await c.query('create view top_big_spenders as select * from big_spenders where total > 10000');
    await c.query(`create procedure count_orders(in cid int, out n int) begin
        select count(*) into n from orders where customer_id = cid; select n;
      end`);
    await c.query('create function cents_to_units(c int) returns decimal(12, 2) deterministic return c / 100');
    await c.query("create event purge_audit on schedule every 1 day starts '2030-01-01 00:00:00' do delete from order_audit where id < 0");
    await c.query(
      'create table invoices (id int auto_increment primary key, order_id bigint, total decimal(12, 2) not null, paid tinyint(1) default 0, foreign key (order_id) references orders (id))',
    );
    await c.query('create table empty_table (a int)');
    if (mariadb) {
      await c.query('create sequence invoice_numbers start with 1000');
      await c.query('select nextval(invoice_numbers), nextval(invoice_numbers)');
    }
    for (let start = 1; start <= CUSTOMERS; start += 500) {
      const rows: unknown[][] = [];
      for (let i = start; i < start + 500 && i <= CUSTOMERS; i++) {
        const r = customerRow(i);
        rows.push([r.email, r.name, r.note, r.avatar, i % 4 === 0 ? null : Buffer.from([i % 256]), r.mood, r.score]);
      }
      await c.query('insert into customers (email, name, note, avatar, flags, mood, score) values ?', [rows]);
    }
    const orders: unknown[][] = [];
    for (let i = 1; i <= ORDERS; i++) orders.push([orderRow(i).customerId, orderRow(i).amountCents]);
    await c.query('insert into orders (customer_id, amount_cents) values ?', [orders]);
    const invoices: unknown[][] = [];
    for (let i = 1; i <= INVOICES; i++) invoices.push([i, (i * 3.5).toFixed(2), i % 2]);
    await c.query('insert into invoices (order_id, total, paid) values ?', [invoices]);
  }, url);
}
