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
