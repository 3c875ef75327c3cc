import { describe, expect, it } from 'vitest';
import { splitSqlStatements, SqlTextError } from '../../src/sql/split-sql.ts';

describe('splitSqlStatements: COPY … FROM stdin and psql meta-commands (PostgreSQL, as psql)', () => {
  it('takes the lines after COPY … FROM stdin up to \\. as its data, and goes on after them', () => {
    const text =
      'set x = 1;\n\nCOPY public.items (id, name) FROM stdin;\n1\ta;b\n2\t\\N\n\\.\n\nselect 1;\ncopy t from stdin with (format csv);\n1,"a\nb"\n\\.\n';
    expect(splitSqlStatements(text, 'postgres')).toEqual([
      { sql: 'set x = 1', line: 1 },
      { sql: 'COPY public.items (id, name) FROM stdin', line: 3, copyData: '1\ta;b\n2\t\\N\n' },
      { sql: 'select 1', line: 8 },
      { sql: 'copy t from stdin with (format csv)', line: 9, copyData: '1,"a\nb"\n' },
    ]);
  });

  it('reads empty data, data running to the end, and leaves COPY … TO and other dialects alone', () => {
    expect(splitSqlStatements('copy t from stdin;\n\\.\nselect 2;', 'postgres')).toEqual([
      { sql: 'copy t from stdin', line: 1, copyData: '' },
      { sql: 'select 2', line: 3 },
    ]);
    expect(splitSqlStatements('copy t from stdin;\n1\n2', 'postgres')).toEqual([{ sql: 'copy t from stdin', line: 1, copyData: '1\n2' }]);
    expect(splitSqlStatements("copy t to stdout;\nselect ';';", 'postgres').map((s) => s.sql)).toEqual(['copy t to stdout', "select ';'"]);
    expect(splitSqlStatements('copy t from stdin;\nselect 1;', 'sqlite').map((s) => s.sql)).toEqual(['copy t from stdin', 'select 1']);
  });

  it('skips the \\restrict and \\unrestrict lines pg_dump writes, and refuses any other meta-command with its line', () => {
    expect(splitSqlStatements('\\restrict abc\n\nselect 1;\n\\unrestrict abc\n', 'postgres')).toEqual([{ sql: 'select 1', line: 3 }]);
    expect(() => splitSqlStatements('select 1;\n\\connect other\nselect 2;', 'postgres')).toThrow(SqlTextError);
    try {
      splitSqlStatements('select 1;\n\\connect other\n', 'postgres');
    } catch (error) {
      expect(error).toMatchObject({ line: 2, message: /\\connect is a psql meta-command/ });
    }
    // inside a statement, a backslash is SQL text
    expect(splitSqlStatements("select\n\\x 'a';", 'postgres').map((s) => s.sql)).toEqual(["select\n\\x 'a'"]);
  });
});
