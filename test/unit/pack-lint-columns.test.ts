import { describe, expect, it } from 'vitest';
import type { LintSubject } from '../../src/lint/lint-subject.ts';
import { narrows } from '../../src/sectors/education/education-lint.ts';
import { typedColumns } from '../../src/sectors/lint-columns.ts';

/** A subject read from one statement (no predicted schema: as before `up`), on a schema where payments.amount is numeric(12,2). */
const subject = (sql: string): LintSubject =>
  ({
    statements: [{ sql, line: 7 }],
    dialect: 'postgres',
    schema: { tables: { payments: { columns: { amount: { type: 'numeric(12,2)', nullable: false, default: null } } } } },
  }) as unknown as LintSubject;
const typed = (sql: string) => typedColumns(subject(sql)).map((c) => `${c.table}.${c.column} ${c.was ? `${c.was} -> ` : ''}${c.type}`);

describe('the columns a migration types, from its statements (sector packs’ lint rules)', () => {
  it('reads CREATE TABLE columns and ALTER TABLE ADD, MODIFY, CHANGE and ALTER COLUMN … TYPE', () => {
    expect(typed('create table refunds (id int primary key, amount_cents bigint, total real, constraint refunds_pk primary key (id))')).toEqual([
      'refunds.id int',
      'refunds.amount_cents bigint',
      'refunds.total real',
    ]);
    expect(typed('alter table payments alter column amount type real')).toEqual(['payments.amount numeric(12,2) -> real']);
    expect(typed('alter table payments modify amount double not null')).toEqual(['payments.amount numeric(12,2) -> double']);
    expect(typed('alter table payments change amount amount float default 0')).toEqual(['payments.amount numeric(12,2) -> float']);
    expect(typed("alter table payments add column price float not null, add tax_total double precision, add constraint c check (note <> 'real')")).toEqual([
      'payments.price float',
      'payments.tax_total double precision',
    ]);
    expect(typedColumns(subject('update payments set amount = 1'))).toEqual([]);
  });

  it('tells a narrowing type change (grades) from a widening one', () => {
    expect(narrows('numeric(4,2)', 'integer')).toBe(true);
    expect(narrows('decimal(4,2)', 'decimal(4,1)')).toBe(true);
    expect(narrows('varchar(10)', 'varchar(2)')).toBe(true);
    expect(narrows('varchar(2)', 'integer')).toBe(true);
    expect(narrows('integer', 'bigint')).toBe(false);
    expect(narrows('numeric(4,2)', 'numeric(5,2)')).toBe(false);
    expect(narrows('smallint', 'numeric(5,2)')).toBe(false);
  });
});
