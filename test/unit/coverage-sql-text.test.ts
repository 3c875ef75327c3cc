import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { tableRef } from '../../src/database/table-ref.ts';
import { maskLiterals } from '../../src/sql/mask-literals.ts';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';
import { changesExistingRows, schemaTouch, tableWrittenByDml } from '../../src/sql/schema-touch.ts';
import { canonicalTableName } from '../../src/sql/sql-names.ts';

describe('maskLiterals', () => {
  it('blanks strings, comments and dollar bodies with the same length and line breaks (PostgreSQL)', () => {
    const text = "select 'a''b', E'x\\'y', $$ delete $$, $t$ drop $t$, $1, a$b$ from t /* delete\n */ -- drop";
    const masked = maskLiterals(text, 'postgres');
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/delete|drop|a''b/);
    expect(masked).toContain('$1');
    expect(masked).toContain('a$b$');
    expect(masked.split('\n')).toHaveLength(2);
    // A plain '…' string keeps backslashes literal in PostgreSQL: the quote after it ends the string.
    expect(maskLiterals("select 'C:\\' , 'delete'", 'postgres')).toBe("select '   ' , '      '");
  });

  it('keeps quoted identifiers and $ not opening a dollar quote', () => {
    expect(maskLiterals('select "delete" from t where x = $', 'postgres')).toBe('select "delete" from t where x = $');
    expect(maskLiterals('select $', 'postgres')).toBe('select $');
  });

  it('unterminated string, comment and dollar quote run to the end', () => {
    expect(maskLiterals("select 'delete", 'postgres')).toBe("select '      ");
    expect(maskLiterals('select /* delete', 'postgres')).toBe('select          ');
    expect(maskLiterals('select $q$ delete', 'postgres')).toBe('select           ');
    expect(maskLiterals('select 1 -- delete', 'sqlite')).toBe('select 1          ');
  });

  it('MySQL: # comments, "…" strings, backslash escapes, executable comments stay code', () => {
    expect(maskLiterals('select "de\\"lete" # drop\n', 'mysql')).toBe('select "        "       \n');
    expect(maskLiterals("select 'it\\'s' /*! delete */", 'mysql')).toBe("select '     ' /*! delete */");
    // No dollar quoting in MySQL: $$ stays as is.
    expect(maskLiterals('select $$ delete $$', 'mysql')).toBe('select $$ delete $$');
    // SQLite: # is code, "…" an identifier.
    expect(maskLiterals('select "delete" # x', 'sqlite')).toBe('select "delete" # x');
  });
});

function compile(dialect: 'postgres' | 'sqlite', name: string): string {
  const db = new Kysely<any>({
    dialect:
      dialect === 'postgres'
        ? {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (k) => new PostgresIntrospector(k),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          }
        : {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (k) => new SqliteIntrospector(k),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          },
  });
  return sql`select * from ${tableRef(name, dialect)}`.compile(db).sql;
}

describe('tableRef', () => {
  it('splits PostgreSQL schema-qualified names, quoted or not', () => {
    expect(compile('postgres', 'orders')).toBe('select * from "orders"');
    expect(compile('postgres', 'billing.invoices')).toBe('select * from "billing"."invoices"');
    expect(compile('postgres', '"Odd.Name"')).toBe('select * from "Odd.Name"');
    expect(compile('postgres', 'billing."say ""hi"""')).toBe('select * from "billing"."say ""hi"""');
  });

  it('keeps the whole name elsewhere (a dot is part of a SQLite name)', () => {
    expect(compile('sqlite', 'a.b')).toBe('select * from "a.b"');
  });
});

describe('splitSqlStatements lexing edges', () => {
  const sqls = (text: string, dialect: 'sqlite' | 'postgres' | 'mysql') => splitSqlStatements(text, dialect).map((s) => s.sql);

  it("PostgreSQL: an E'…' string at the very start keeps its escaped quote; a plain one does not escape", () => {
    expect(sqls("E'a\\';b';select 2;", 'postgres')).toEqual(["E'a\\';b'", 'select 2']);
    expect(sqls("select 'a\\';select 2;", 'postgres')).toEqual(["select 'a\\'", 'select 2']);
  });

  it('MySQL: "…" strings take backslash escapes, /*M! … */ is code, -- needs a space after code', () => {
    expect(sqls('select "a\\";b";select 2;', 'mysql')).toEqual(['select "a\\";b"', 'select 2']);
    expect(sqls('/*M!100100 select 1 */;select 2;', 'mysql')).toEqual(['/*M!100100 select 1 */', 'select 2']);
    expect(sqls('select 5--1;\nselect 2;', 'mysql')).toEqual(['select 5--1', 'select 2']);
    // A comment after code stays in the statement (only leading comments are dropped); its ';' does not end it.
    expect(sqls('select 5 --\tcomment ;\n;select 3;', 'mysql')).toEqual(['select 5 --\tcomment ;', 'select 3']);
  });

  it('SQLite: [bracketed] and `backtick` names hold a semicolon', () => {
    expect(sqls('select [a;b], `c;d` from t;select 2;', 'sqlite')).toEqual(['select [a;b], `c;d` from t', 'select 2']);
  });
});

describe('schemaTouch and DML targets', () => {
  it('names the tables a statement changes, or says views, none or unknown', () => {
    expect(schemaTouch('-- c\ncreate temporary table if not exists t (a int)')).toEqual({ kind: 'tables', tables: ['t'] });
    expect(schemaTouch('alter table only a rename to b')).toEqual({ kind: 'tables', tables: ['a', 'b'] });
    expect(schemaTouch('alter table a rename column x to y')).toEqual({ kind: 'tables', tables: ['a'] });
    expect(schemaTouch('drop table if exists a, b')).toEqual({ kind: 'tables', tables: ['a', 'b'] });
    expect(schemaTouch('create unique index if not exists i on only t (a)')).toEqual({ kind: 'tables', tables: ['t'] });
    expect(schemaTouch('drop index i on t')).toEqual({ kind: 'tables', tables: ['t'] });
    expect(schemaTouch('drop index concurrently if exists i1, i2 cascade')).toEqual({ kind: 'tables', tables: [], indexes: ['i1', 'i2'] });
    expect(schemaTouch('rename table a to b, c to d')).toEqual({ kind: 'tables', tables: ['a', 'b', 'c', 'd'] });
    expect(schemaTouch('create or replace algorithm = merge definer = `u`@`%` sql security invoker view v as select 1')).toEqual({ kind: 'views' });
    expect(schemaTouch('grant select on t to u')).toEqual({ kind: 'none' });
    expect(schemaTouch('create trigger tr after insert on t for each row begin end')).toEqual({ kind: 'none' });
    expect(schemaTouch('create domain d as int')).toEqual({ kind: 'unknown' });
  });

  it('finds the table a DML statement writes and whether it changes existing rows', () => {
    expect(tableWrittenByDml('insert ignore into t values (1)')).toBe('t');
    expect(tableWrittenByDml('update only s.t set a = 1')).toBe('s.t');
    expect(tableWrittenByDml('select 1')).toBeUndefined();
    expect(changesExistingRows('insert into t values (1) on conflict (id) do nothing')).toBe(true);
    expect(changesExistingRows('insert into t values (1) on duplicate key update a = 1')).toBe(true);
    expect(changesExistingRows('insert into t values (1)')).toBe(false);
    expect(changesExistingRows('merge into t using s on t.id = s.id when matched then delete')).toBe(true);
  });

  it('canonical table names per dialect', () => {
    expect(canonicalTableName('public."Orders"', 'postgres')).toBe('Orders');
    expect(canonicalTableName('Billing.Invoices', 'postgres')).toBe('billing.invoices');
    expect(canonicalTableName('`shop`.`Orders`', 'mysql')).toBe('Orders');
    expect(canonicalTableName('[Orders]', 'sqlite')).toBe('Orders');
  });
});
