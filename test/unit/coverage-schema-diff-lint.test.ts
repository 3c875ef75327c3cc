import { describe, expect, it } from 'vitest';
import { diffSchemas, summarizeChanges } from '../../src/database/schema-diff.ts';
import type { SchemaSnapshot, TableSnapshot } from '../../src/database/schema-snapshot.ts';
import type { LintSubject } from '../../src/lint/lint-subject.ts';
import { schemaFindings } from '../../src/lint/schema-rules.ts';
import { statementFindings } from '../../src/lint/statement-rules.ts';

const table = (over: Partial<TableSnapshot> = {}): TableSnapshot => ({ columns: {}, primaryKey: [], indexes: {}, foreignKeys: {}, ...over });
const col = (type: string, nullable = true, def: string | null = null) => ({ type, nullable, default: def });

describe('diffSchemas', () => {
  it('names every kind of change, in a stable order', () => {
    const before: SchemaSnapshot = {
      tables: {
        gone: table(),
        t: table({
          columns: { a: col('integer', false), b: col('text'), c: col(''), d: col('text', true, "'x'") },
          primaryKey: [],
          indexes: { i_same: { columns: ['a'], unique: false }, i_changed: { columns: ['a'], unique: false }, i_gone: { columns: ['b'], unique: false } },
          foreignKeys: {
            f_gone: { columns: ['a'], references: { table: 'p', columns: ['id'] } },
            f_changed: { columns: ['b'], references: { table: 'p', columns: ['id'] } },
          },
        }),
        pk_removed: table({ primaryKey: ['id'] }),
        pk_changed: table({ primaryKey: ['a'] }),
      },
      views: { v_gone: 'select 1', v_changed: 'select 1', v_same: 'select 2' },
    };
    const after: SchemaSnapshot = {
      tables: {
        added: table(),
        t: table({
          columns: { a: col('bigint', true), c: col('text', true, '0'), d: col('', true, null), e: col('', false, '1') },
          primaryKey: ['a'],
          indexes: {
            i_same: { columns: ['a'], unique: false },
            i_changed: { columns: ['a', 'c'], unique: true },
            i_new: { columns: ['c'], unique: true },
            i_plain: { columns: ['d'], unique: false },
          },
          foreignKeys: {
            f_changed: { columns: ['b'], references: { table: 'q', columns: ['id'] } },
            f_new: { columns: ['c'], references: { table: 'p', columns: ['id'] } },
          },
        }),
        pk_removed: table(),
        pk_changed: table({ primaryKey: ['a', 'b'] }),
      },
      views: { v_changed: 'select 3', v_same: 'select 2', v_new: 'select 4' },
    };
    expect(diffSchemas(before, after).map((c) => c.summary)).toEqual([
      '+table added',
      '-table gone',
      '~primary key pk_changed (a) -> (a, b)',
      '-primary key pk_removed',
      '+primary key t (a)',
      '~column t.a integer -> bigint, not null -> null',
      '~column t.c (no type) -> text, no default -> default 0',
      "~column t.d text -> (no type), default 'x' -> no default",
      '+column t.e (no type) not null default 1',
      '-column t.b',
      '~index i_changed on t (a) -> unique (a, c)',
      '-index i_gone',
      '+unique index i_new on t (c)',
      '+index i_plain on t (d)',
      '~foreign key t.f_changed (b) -> p(id) becomes (b) -> q(id)',
      '-foreign key t.f_gone',
      '+foreign key t.f_new (c) -> p(id)',
      '~view v_changed',
      '-view v_gone',
      '+view v_new',
    ]);
    expect(summarizeChanges([])).toBe('no schema changes');
    expect(summarizeChanges(diffSchemas({ tables: {}, views: {} }, { tables: { x: table() }, views: { y: 's' } }), '; ')).toBe('+table x; +view y');
  });
});

describe('schema lint rules', () => {
  const subject = (before: SchemaSnapshot, after: SchemaSnapshot, rowCounts: Record<string, number> = {}) =>
    ({ schemas: { before, after }, rowCounts, statements: [], dialect: 'postgres', transactionalDdl: true }) as unknown as LintSubject;

  it('NOT NULL without default on a table with rows, type changes, float money columns (new or changed)', () => {
    const before: SchemaSnapshot = {
      tables: { orders: table({ columns: { id: col('integer', false), price: col('numeric(10,2)'), note: col('text'), total: col('real') } }) },
      views: {},
    };
    const after: SchemaSnapshot = {
      tables: {
        orders: table({
          columns: {
            id: col('integer', false),
            price: col('double precision'),
            note: col('text', false),
            flag: col('integer', false),
            total: col('real', false, '0'),
          },
        }),
        payments: table({ columns: { amount: col('float8'), label: col('text') } }),
      },
      views: {},
    };
    const found = schemaFindings(subject(before, after, { orders: 3 }));
    expect(found).toEqual(
      expect.arrayContaining([
        { rule: 'not-null-without-default', message: 'orders.note NOT NULL without default, 3 row(s) in orders' },
        { rule: 'not-null-without-default', message: 'orders.flag NOT NULL without default, 3 row(s) in orders' },
        { rule: 'column-type-change', message: 'orders.price numeric(10,2) -> double precision' },
        { rule: 'money-float', message: 'orders.price double precision' },
        { rule: 'money-float', message: 'payments.amount float8' },
      ]),
    );
    expect(found).toHaveLength(5);
    // An empty table, or no schemas at all (the dry run could not read them): nothing to say about NOT NULL.
    expect(schemaFindings(subject(before, after)).map((f) => f.rule)).not.toContain('not-null-without-default');
    expect(schemaFindings({ ...subject(before, after), schemas: undefined })).toEqual([]);
    // A dropped column or table is not a finding of these rules.
    expect(schemaFindings(subject(after, { tables: {}, views: {} }, { orders: 3 }))).toEqual([]);
  });
});

describe('statement lint rules', () => {
  const subject = (statements: { sql: string; line?: number }[], rowCounts: Record<string, number> = {}) =>
    ({ statements, rowCounts, dialect: 'postgres', transactionalDdl: true }) as unknown as LintSubject;

  it('flags each risky statement, with its line when known', () => {
    const found = statementFindings(
      subject(
        [
          { sql: 'drop table if exists Old_Orders', line: 1 },
          { sql: 'alter table orders drop column note', line: 2 },
          { sql: 'alter table orders rename column a to b' },
          { sql: 'alter table orders rename to purchases' },
          { sql: 'alter table orders add column flag int not null', line: 5 },
          { sql: 'alter table orders add column flag2 int not null default 0' },
          { sql: 'alter table orders add constraint fk foreign key (c) references customers (id)' },
          { sql: 'alter table orders add constraint fk2 foreign key (c) references customers (id) not valid' },
          { sql: 'rename table a to b' },
          { sql: 'create index orders_c on orders (c)' },
          { sql: 'create index concurrently orders_d on orders (d)' },
          { sql: 'create unique index small_x on small (x)' },
          { sql: "-- why\nupdate orders set c = 'where'" },
          { sql: 'delete from orders where id = 1' },
        ],
        { orders: 5000, small: 3 },
      ),
      { indexRowThreshold: 1000 },
    );
    expect(found).toEqual([
      { rule: 'drop-table', line: 1, message: 'drop table old_orders' },
      { rule: 'drop-column', line: 2, message: 'drop column on orders' },
      { rule: 'rename-column', message: 'rename column on orders' },
      { rule: 'rename-table', message: 'rename table orders' },
      { rule: 'not-null-without-default', line: 5, message: 'orders.flag NOT NULL without default, 5000 row(s) in orders' },
      { rule: 'pg-fk-not-valid', message: 'foreign key added to orders without NOT VALID' },
      { rule: 'rename-table', message: 'rename table a' },
      { rule: 'pg-index-not-concurrent', message: 'index on orders (5000 rows) built without CONCURRENTLY' },
      { rule: 'update-delete-without-where', message: 'update without WHERE' },
    ]);
  });

  it('an empty table gets no NOT NULL or foreign key finding', () => {
    expect(
      statementFindings(subject([{ sql: 'alter table fresh add column a int not null' }, { sql: 'alter table fresh add foreign key (a) references p (id)' }]), {
        indexRowThreshold: 1,
      }),
    ).toEqual([]);
  });
});
