import { execSync } from 'node:child_process';
import { backup, DatabaseSync } from 'node:sqlite';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import { diffSchemas, summarizeChanges, type SchemaChange } from '../src/database/schema-diff.ts';
import { schemaHash } from '../src/database/schema-hash.ts';
import type { SchemaSnapshot, TableSnapshot } from '../src/database/schema-snapshot.ts';
import { createScratchDatabase, testsOn, DIALECTS, type Dialect, type ScratchDatabase } from './helpers/databases.ts';

const SHOP_SCHEMA = [
  `create table customers (
     id integer not null primary key,
     email varchar(100) not null,
     name varchar(50),
     status varchar(10) not null default 'active',
     constraint customers_email_key unique (email)
   )`,
  `create table order_lines (
     order_id integer not null,
     line_no integer not null,
     customer_id integer,
     qty integer not null default 1,
     note varchar(200) null,
     primary key (order_id, line_no),
     constraint order_lines_customer_fk foreign key (customer_id) references customers (id)
   )`,
  `create index order_lines_customer on order_lines (customer_id)`,
  `create unique index customers_name_status on customers (name, status)`,
  `create view big_lines as select order_id, line_no, qty from order_lines where qty > 10`,
];

/** How each database spells what SHOP_SCHEMA declares. */
const SPELLING = {
  sqlite: {
    integer: 'integer',
    varchar: (n: number) => `varchar(${n})`,
    active: "'active'",
    emailKey: 'sqlite_autoindex_customers_1',
    customerFk: 'order_lines_customer_id_fkey',
    view: 'select order_id, line_no, qty from order_lines where qty > 10',
    bigint: 'bigint',
  },
  postgres: {
    integer: 'integer',
    varchar: (n: number) => `character varying(${n})`,
    active: "'active'::character varying",
    emailKey: 'customers_email_key',
    customerFk: 'order_lines_customer_fk',
    view: 'select order_lines.order_id, order_lines.line_no, order_lines.qty from order_lines where order_lines.qty > 10',
    bigint: 'bigint',
  },
  mysql: {
    integer: 'int(11)',
    varchar: (n: number) => `varchar(${n})`,
    active: "'active'",
    emailKey: 'customers_email_key',
    customerFk: 'order_lines_customer_fk',
    view: 'select `order_lines`.`order_id` as `order_id`,`order_lines`.`line_no` as `line_no`,`order_lines`.`qty` as `qty` from `order_lines` where `order_lines`.`qty` > 10',
    bigint: 'bigint(20)',
  },
} satisfies Record<Dialect, unknown>;

async function execute(url: string, statements: string[]): Promise<void> {
  const target = await connect(url);
  try {
    for (const statement of statements) await sql.raw(statement).execute(target.db);
  } finally {
    await target.close();
  }
}

async function snapshotOf(url: string, exclude?: string[]): Promise<SchemaSnapshot> {
  const target = await connect(url);
  try {
    return await target.snapshotSchema(undefined, exclude);
  } finally {
    await target.close();
  }
}

/** Copies the database at `from` into the empty database `to` with the dialect's own dump tools. */
async function dumpAndRestore(dialect: Dialect, from: ScratchDatabase, to: ScratchDatabase): Promise<void> {
  if (dialect === 'sqlite') {
    const source = new DatabaseSync(from.file!);
    try {
      await backup(source, to.file!);
    } finally {
      source.close();
    }
    return;
  }
  if (dialect === 'postgres') {
    execSync(`pg_dump -Fc --no-owner '${from.url}' | pg_restore --no-owner --exit-on-error -d '${to.url}'`, { stdio: 'pipe' });
    return;
  }
  const args = (url: string) => {
    const parsed = new URL(url);
    return `-h ${parsed.hostname} -P ${parsed.port || 3306} -u ${parsed.username || 'root'} ${parsed.pathname.slice(1)}`;
  };
  execSync(`mysqldump --skip-comments ${args(from.url)} | mysql ${args(to.url)}`, { stdio: 'pipe' });
}

describe.each(DIALECTS)('schema snapshot on %s', (dialect) => {
  const spell = SPELLING[dialect];
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('is empty for an empty database', async () => {
    expect(await snapshotOf(db.url)).toEqual({ tables: {}, views: {} });
  });

  it('reads columns, composite primary keys, unique constraints, indexes, foreign keys and views', async () => {
    await execute(db.url, SHOP_SCHEMA);
    const customers: TableSnapshot = {
      columns: {
        id: { type: spell.integer, nullable: false, default: null },
        email: { type: spell.varchar(100), nullable: false, default: null },
        name: { type: spell.varchar(50), nullable: true, default: null },
        status: { type: spell.varchar(10), nullable: false, default: spell.active },
      },
      primaryKey: ['id'],
      indexes: {
        [spell.emailKey]: { columns: ['email'], unique: true },
        customers_name_status: { columns: ['name', 'status'], unique: true },
      },
      foreignKeys: {},
    };
    const orderLines: TableSnapshot = {
      columns: {
        order_id: { type: spell.integer, nullable: false, default: null },
        line_no: { type: spell.integer, nullable: false, default: null },
        customer_id: { type: spell.integer, nullable: true, default: null },
        qty: { type: spell.integer, nullable: false, default: '1' },
        note: { type: spell.varchar(200), nullable: true, default: null },
      },
      primaryKey: ['order_id', 'line_no'],
      indexes: { order_lines_customer: { columns: ['customer_id'], unique: false } },
      foreignKeys: { [spell.customerFk]: { columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } } },
    };
    const snapshot = await snapshotOf(db.url);
    expect(snapshot).toEqual({ tables: { customers, order_lines: orderLines }, views: { big_lines: spell.view } });
    expect(Object.keys(snapshot.tables)).toEqual(['customers', 'order_lines']);
    expect(Object.keys(snapshot.tables.order_lines!.columns)).toEqual(['order_id', 'line_no', 'customer_id', 'qty', 'note']);
  });

  it('leaves out the excluded tables', async () => {
    await execute(db.url, [
      ...SHOP_SCHEMA,
      'create table dihya_migrations (version varchar(14) not null primary key)',
      'create table dihya_audit (id integer)',
    ]);
    expect(Object.keys((await snapshotOf(db.url)).tables)).toEqual(['customers', 'dihya_audit', 'dihya_migrations', 'order_lines']);
    const snapshot = await snapshotOf(db.url, ['dihya_migrations', 'dihya_migrations_lock', 'dihya_audit']);
    expect(Object.keys(snapshot.tables)).toEqual(['customers', 'order_lines']);
    expect(Object.keys(snapshot.views)).toEqual(['big_lines']);
  });

  it('is the same across runs and after a dump and restore', async () => {
    await execute(db.url, SHOP_SCHEMA);
    const first = await snapshotOf(db.url);
    const second = await snapshotOf(db.url);
    expect(second).toEqual(first);
    expect(schemaHash(second)).toBe(schemaHash(first));

    const copy = await createScratchDatabase(dialect);
    try {
      await dumpAndRestore(dialect, db, copy);
      const restored = await snapshotOf(copy.url);
      expect(restored).toEqual(first);
      expect(schemaHash(restored)).toBe(schemaHash(first));
    } finally {
      await copy.drop();
    }
  });

  it('reads through a given connection, e.g. inside a transaction', async () => {
    await execute(db.url, SHOP_SCHEMA);
    const target = await connect(db.url);
    try {
      const outside = await target.snapshotSchema();
      const inside = await target.db.transaction().execute((trx) => target.snapshotSchema(trx));
      expect(inside).toEqual(outside);
    } finally {
      await target.close();
    }
  });

  it('gives a diff with an added column, a dropped index, a changed type and an added table', async () => {
    await execute(db.url, [...SHOP_SCHEMA, 'create table items (id integer not null primary key, price integer)']);
    const before = await snapshotOf(db.url);
    const changeType = {
      sqlite: [
        'create table items_new (id integer not null primary key, price bigint)',
        'insert into items_new select id, price from items',
        'drop table items',
        'alter table items_new rename to items',
      ],
      postgres: ['alter table items alter column price type bigint'],
      mysql: ['alter table items modify price bigint'],
    }[dialect];
    await execute(db.url, [
      'alter table customers add column phone varchar(32)',
      dialect === 'mysql' ? 'drop index customers_name_status on customers' : 'drop index customers_name_status',
      ...changeType,
      'create table orders (id integer not null primary key)',
    ]);
    const changes = diffSchemas(before, await snapshotOf(db.url));
    expect(changes).toEqual<SchemaChange[]>([
      { change: 'added', kind: 'column', table: 'customers', name: 'phone', summary: `+column customers.phone ${spell.varchar(32)} null` },
      { change: 'removed', kind: 'index', table: 'customers', name: 'customers_name_status', summary: '-index customers_name_status' },
      { change: 'changed', kind: 'column', table: 'items', name: 'price', summary: `~column items.price ${spell.integer} -> ${spell.bigint}` },
      { change: 'added', kind: 'table', table: 'orders', name: 'orders', summary: '+table orders' },
    ]);
  });
});

describe.runIf(testsOn('postgres'))('schema snapshot on postgres: schemas and partitions', () => {
  let db: ScratchDatabase;
  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('names tables outside public schema.table, keeps partitioned parents and leaves their partitions out', async () => {
    await execute(db.url, [
      'create schema sales',
      'create table customers (id serial primary key)',
      'create table sales.invoices (id integer generated always as identity primary key, customer_id integer references customers, total numeric(12,2) not null)',
      'create table measures (id integer not null, taken date not null, primary key (id, taken)) partition by range (taken)',
      "create table measures_2026 partition of measures for values from ('2026-01-01') to ('2027-01-01')",
      'create view sales.totals as select customer_id, sum(total) as total from sales.invoices group by customer_id',
    ]);
    const snapshot = await snapshotOf(db.url);
    expect(Object.keys(snapshot.tables)).toEqual(['customers', 'measures', 'sales.invoices']);
    expect(snapshot.tables.customers!.columns.id).toEqual({ type: 'integer', nullable: false, default: "nextval('customers_id_seq'::regclass)" });
    expect(snapshot.tables['sales.invoices']).toEqual({
      columns: {
        id: { type: 'integer', nullable: false, default: 'generated always as identity' },
        customer_id: { type: 'integer', nullable: true, default: null },
        total: { type: 'numeric(12,2)', nullable: false, default: null },
      },
      primaryKey: ['id'],
      indexes: {},
      foreignKeys: { invoices_customer_id_fkey: { columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } } },
    });
    expect(snapshot.tables.measures!.primaryKey).toEqual(['id', 'taken']);
    expect(Object.keys(snapshot.views)).toEqual(['sales.totals']);
    expect(Object.keys((await snapshotOf(db.url, ['sales.invoices'])).tables)).toEqual(['customers', 'measures']);
  });
});

describe.runIf(testsOn('sqlite'))('schema snapshot on sqlite: 1,000 tables', () => {
  let db: ScratchDatabase;
  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('reads a 1,000-table database in a few catalog queries', async () => {
    const statements = ['begin'];
    for (let i = 0; i < 1000; i++) {
      const parent = i === 0 ? '' : `, parent_id integer references t${String(i - 1).padStart(4, '0')} (id)`;
      const name = `t${String(i).padStart(4, '0')}`;
      statements.push(
        `create table ${name} (id integer not null primary key, code varchar(20) not null unique, label text default 'x', qty integer${parent})`,
        `create index ${name}_label on ${name} (label, qty)`,
      );
    }
    statements.push('commit');
    await execute(db.url, statements);

    const target = await connect(db.url);
    const queries: string[] = [];
    target.observeStatements({
      before: (text) => {
        queries.push(text);
      },
    });
    try {
      const started = performance.now();
      const snapshot = await target.snapshotSchema();
      const elapsedMs = performance.now() - started;
      console.info(`snapshot of 1,000 SQLite tables: ${elapsedMs.toFixed(0)} ms, ${queries.length} queries`);
      expect(Object.keys(snapshot.tables)).toHaveLength(1000);
      expect(snapshot.tables.t0999).toEqual({
        columns: {
          id: { type: 'integer', nullable: false, default: null },
          code: { type: 'varchar(20)', nullable: false, default: null },
          label: { type: 'text', nullable: true, default: "'x'" },
          qty: { type: 'integer', nullable: true, default: null },
          parent_id: { type: 'integer', nullable: true, default: null },
        },
        primaryKey: ['id'],
        indexes: {
          sqlite_autoindex_t0999_1: { columns: ['code'], unique: true },
          t0999_label: { columns: ['label', 'qty'], unique: false },
        },
        foreignKeys: { t0999_parent_id_fkey: { columns: ['parent_id'], references: { table: 't0998', columns: ['id'] } } },
      });
      expect(queries.length).toBeLessThanOrEqual(4);
      expect(elapsedMs).toBeLessThan(5000);
    } finally {
      await target.close();
    }
  });
});

describe('schemaHash', () => {
  const snapshot: SchemaSnapshot = {
    tables: {
      items: {
        columns: { id: { type: 'integer', nullable: false, default: null }, name: { type: 'text', nullable: true, default: "'x'" } },
        primaryKey: ['id'],
        indexes: { items_name: { columns: ['name', 'id'], unique: false } },
        foreignKeys: {},
      },
    },
    views: { v: 'select 1' },
  };

  it('is a sha256 hex digest that does not depend on key order', () => {
    const reordered: SchemaSnapshot = {
      views: { v: 'select 1' },
      tables: {
        items: {
          foreignKeys: {},
          indexes: { items_name: { unique: false, columns: ['name', 'id'] } },
          primaryKey: ['id'],
          columns: { name: { default: "'x'", nullable: true, type: 'text' }, id: { nullable: false, type: 'integer', default: null } },
        },
      },
    };
    expect(schemaHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaHash(reordered)).toBe(schemaHash(snapshot));
    expect(schemaHash(structuredClone(snapshot))).toBe(schemaHash(snapshot));
  });

  it('changes when the schema changes, including the column order of a key', () => {
    const changed = structuredClone(snapshot);
    changed.tables.items!.indexes.items_name!.columns = ['id', 'name'];
    expect(schemaHash(changed)).not.toBe(schemaHash(snapshot));
    const nullable = structuredClone(snapshot);
    nullable.tables.items!.columns.id!.nullable = true;
    expect(schemaHash(nullable)).not.toBe(schemaHash(snapshot));
  });
});

describe('diffSchemas and summarizeChanges', () => {
  const table = (overrides: Partial<TableSnapshot> = {}): TableSnapshot => ({
    columns: { id: { type: 'integer', nullable: false, default: null } },
    primaryKey: ['id'],
    indexes: {},
    foreignKeys: {},
    ...overrides,
  });
  const summaries = (before: SchemaSnapshot, after: SchemaSnapshot) => diffSchemas(before, after).map((change) => change.summary);

  it('finds nothing between equal schemas', () => {
    const schema: SchemaSnapshot = { tables: { items: table() }, views: { v: 'select 1' } };
    expect(diffSchemas(schema, structuredClone(schema))).toEqual([]);
    expect(summarizeChanges([])).toBe('no schema changes');
  });

  it('lists added and removed tables and views, without their contents', () => {
    const before: SchemaSnapshot = { tables: { old: table() }, views: { gone: 'select 1', same: 'select 2', edited: 'select 3' } };
    const after: SchemaSnapshot = { tables: { orders: table() }, views: { same: 'select 2', edited: 'select 4', fresh: 'select 5' } };
    expect(summaries(before, after)).toEqual(['-table old', '+table orders', '~view edited', '+view fresh', '-view gone']);
  });

  it('describes column changes part by part', () => {
    const before: SchemaSnapshot = {
      tables: {
        items: table({
          columns: {
            id: { type: 'integer', nullable: false, default: null },
            price: { type: 'integer', nullable: true, default: null },
            status: { type: 'text', nullable: true, default: "'new'" },
            legacy: { type: 'text', nullable: true, default: null },
          },
        }),
      },
      views: {},
    };
    const after: SchemaSnapshot = {
      tables: {
        items: table({
          columns: {
            id: { type: 'integer', nullable: false, default: null },
            price: { type: 'bigint', nullable: false, default: '0' },
            status: { type: 'text', nullable: true, default: null },
            phone: { type: 'varchar(32)', nullable: true, default: null },
            rank: { type: 'integer', nullable: false, default: '1' },
          },
        }),
      },
      views: {},
    };
    expect(summaries(before, after)).toEqual([
      '~column items.price integer -> bigint, null -> not null, no default -> default 0',
      "~column items.status default 'new' -> no default",
      '+column items.phone varchar(32) null',
      '+column items.rank integer not null default 1',
      '-column items.legacy',
    ]);
  });

  it('describes primary key, index and foreign key changes', () => {
    const before: SchemaSnapshot = {
      tables: {
        customers: table(),
        lines: table({
          primaryKey: ['id'],
          indexes: { lines_name: { columns: ['name'], unique: false }, lines_code: { columns: ['code'], unique: false } },
          foreignKeys: {
            lines_customer_fkey: { columns: ['customer_id'], references: { table: 'customers', columns: ['id'] } },
            lines_old_fkey: { columns: ['old_id'], references: { table: 'customers', columns: ['id'] } },
          },
        }),
        bare: table({ primaryKey: ['id'] }),
      },
      views: {},
    };
    const after: SchemaSnapshot = {
      tables: {
        customers: table({ primaryKey: [] }),
        lines: table({
          primaryKey: ['id', 'line_no'],
          indexes: { lines_code: { columns: ['code', 'id'], unique: true }, lines_sku: { columns: ['sku'], unique: true } },
          foreignKeys: {
            lines_customer_fkey: { columns: ['customer_id'], references: { table: 'clients', columns: ['id'] } },
            lines_order_fkey: { columns: ['order_id', 'line_no'], references: { table: 'sales.orders', columns: ['id', 'line_no'] } },
          },
        }),
        bare: table({ primaryKey: ['id'] }),
      },
      views: {},
    };
    expect(summaries(before, after)).toEqual([
      '-primary key customers',
      '~primary key lines (id) -> (id, line_no)',
      '~index lines_code on lines (code) -> unique (code, id)',
      '-index lines_name',
      '+unique index lines_sku on lines (sku)',
      '~foreign key lines.lines_customer_fkey (customer_id) -> customers(id) becomes (customer_id) -> clients(id)',
      '-foreign key lines.lines_old_fkey',
      '+foreign key lines.lines_order_fkey (order_id, line_no) -> sales.orders(id, line_no)',
    ]);
    expect(summaries(after, before)[0]).toBe('+primary key customers (id)');
  });

  it('joins summaries one per line, or with a given separator', () => {
    const changes = diffSchemas({ tables: {}, views: {} }, { tables: { a: table(), b: table() }, views: {} });
    expect(summarizeChanges(changes)).toBe('+table a\n+table b');
    expect(summarizeChanges(changes, '; ')).toBe('+table a; +table b');
  });
});
