import { describe, expect, it } from 'vitest';
import type { SchemaSnapshot, TableSnapshot } from '../../src/database/schema-snapshot.ts';
import { previewScope } from '../../src/migrations/preview-scope.ts';
import { withoutForeignKeys, withoutRestrictKeys } from '../../src/database/dialects/postgres/scratch/pg-dump-tables-copy.ts';

function table(references?: string): TableSnapshot {
  return {
    columns: { id: { type: 'integer', nullable: false, default: null } },
    primaryKey: ['id'],
    indexes: { [`${references ?? 'x'}_idx`]: { columns: ['id'], unique: false } },
    foreignKeys: references ? { [`fk_${references}`]: { columns: ['id'], references: { table: references, columns: ['id'] } } } : {},
  };
}

/** a <- b <- c <- d (b references a, …), e alone, view v over e. */
const schema: SchemaSnapshot = {
  tables: { a: table(), b: table('a'), c: table('b'), d: table('c'), e: table() },
  views: { v: 'select id from e' },
};

describe('previewScope: the tables a partial copy needs', () => {
  it('copies the tables named, those referencing them, and what they reference (without its own keys)', () => {
    const scope = previewScope(['alter table b add column note text'], schema, 'postgres')!;
    expect(scope.copy).toEqual(['b', 'c']);
    expect(scope.referenced).toEqual(['a']);
  });

  it('adds what a new table references and what DML names', () => {
    const scope = previewScope(['create table f (id integer references d (id))', 'update a set id = id'], schema, 'postgres')!;
    expect(scope.copy).toEqual(['a', 'b', 'd']);
    expect(scope.referenced).toEqual(['c']);
  });

  it('finds the table of an index dropped by name', () => {
    expect(previewScope(['drop index b_idx'], schema, 'postgres')!.copy).toEqual(['c', 'd']); // b_idx is c's
  });

  it('needs the whole schema for unknown statements, views, unknown indexes, and tables a view reads', () => {
    expect(previewScope(['do $$ begin end $$'], schema, 'postgres')).toBeUndefined();
    expect(previewScope(['create view w as select 1'], schema, 'postgres')).toBeUndefined();
    expect(previewScope(['drop index nowhere_idx'], schema, 'postgres')).toBeUndefined();
    expect(previewScope(['alter table e add column n int'], schema, 'postgres')).toBeUndefined();
  });

  it('merges the copy into the current schema: changed and new tables replaced, the others kept', () => {
    const scope = previewScope(['alter table b add column note text', 'create table f (id integer)'], schema, 'postgres')!;
    const copied: SchemaSnapshot = { tables: { a: { ...table(), primaryKey: [] }, b: table(), c: table('b'), f: table() }, views: {} };
    const merged = scope.merge(copied);
    expect(Object.keys(merged.tables).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(merged.tables.a).toEqual(schema.tables.a); // referenced only: the copy's version is ignored
    expect(merged.tables.b).toEqual(table());
    expect(merged.views).toEqual(schema.views);
  });

  it('tells the statements that stay within the copy', () => {
    const scope = previewScope(['alter table b add column note text'], schema, 'mysql')!;
    expect(scope.covers('alter table `B` drop column note')).toBe(true);
    expect(scope.covers('select * from d')).toBe(true);
    expect(scope.covers('alter table d add column n int')).toBe(false);
    expect(scope.covers('create view w as select 1')).toBe(false);
  });
});

describe('withoutForeignKeys: a pg_dump script without its FK constraints', () => {
  it('drops the FK entries and keeps everything else, psql meta-commands included', () => {
    const script = [
      '\\restrict k1\n',
      '--\n-- Name: b; Type: TABLE; Schema: public; Owner: -\n--\n\nCREATE TABLE public.b (id integer);\n\n\n',
      '--\n-- Name: b fk_a; Type: FK CONSTRAINT; Schema: public; Owner: -\n--\n\nALTER TABLE ONLY public.b\n    ADD CONSTRAINT fk_a FOREIGN KEY (id) REFERENCES public.a(id);\n\n\n',
      '\\unrestrict k1\n',
    ].join('');
    const result = withoutForeignKeys(script);
    expect(result).not.toContain('FOREIGN KEY');
    expect(result).toContain('CREATE TABLE public.b');
    expect(result).toContain('\\restrict k1');
    expect(result).toContain('\\unrestrict k1');
    expect(withoutForeignKeys(script, ['c'])).toBe(script); // only the keys of the tables named
    expect(withoutForeignKeys(script, ['b'])).toBe(result);
  });
});

describe('withoutRestrictKeys: a pg_dump script the driver can run', () => {
  it("drops the dump's own \\restrict and \\unrestrict lines, nothing else", () => {
    const script = '\\restrict abc\nCREATE FUNCTION f() RETURNS text AS $$\n\\restrict other\n$$ LANGUAGE sql;\n\\unrestrict abc\n';
    expect(withoutRestrictKeys(script)).toBe('\nCREATE FUNCTION f() RETURNS text AS $$\n\\restrict other\n$$ LANGUAGE sql;\n\n');
    expect(withoutRestrictKeys('CREATE TABLE t ();\n')).toBe('CREATE TABLE t ();\n');
  });
});
