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
