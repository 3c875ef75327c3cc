import { describe, expect, it } from 'vitest';
import { buildSchemaSnapshot, normalizeSqlText, type CatalogRows } from '../../src/database/build-schema-snapshot.ts';

const rows = (over: Partial<CatalogRows>): CatalogRows => ({ columns: [], primaryKeyParts: [], indexParts: [], foreignKeyParts: [], views: [], ...over });
const col = (table: string, name: string, position: number, def: string | null = null) => ({
  table,
  name,
  position,
  type: 'INTEGER',
  nullable: true,
  default: def,
});

describe('buildSchemaSnapshot', () => {
  it('keeps tables without columns, sorts tables and keys, normalizes defaults and drops a NULL default', () => {
    const snapshot = buildSchemaSnapshot(
      rows({
        tables: ['empty', 'b'],
        columns: [col('b', 'y', 2, 'NULL'), col('b', 'x', 1, "  'A  B' "), col('a', 'id', 1)],
        primaryKeyParts: [
          { table: 'a', key: 'pk', position: 1, column: 'id' },
          { table: 'ghost', key: 'pk', position: 1, column: 'id' },
        ],
        indexParts: [
          { table: 'b', key: 'b_xy', position: 2, column: 'y', unique: true },
          { table: 'b', key: 'b_xy', position: 1, column: 'x', unique: true },
          { table: 'b', key: 'a_idx', position: 1, column: 'lower(x)', unique: false },
          { table: 'ghost', key: 'g', position: 1, column: 'x', unique: false },
        ],
      }),
      [],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['a', 'b', 'empty']);
    expect(snapshot.tables.empty).toEqual({ columns: {}, primaryKey: [], indexes: {}, foreignKeys: {} });
    expect(Object.keys(snapshot.tables.b!.columns)).toEqual(['x', 'y']);
    expect(snapshot.tables.b!.columns.x!.default).toBe("'A  B'");
    expect(snapshot.tables.b!.columns.y!.default).toBeNull();
    expect(Object.keys(snapshot.tables.b!.indexes)).toEqual(['a_idx', 'b_xy']);
    expect(snapshot.tables.b!.indexes.b_xy).toEqual({ columns: ['x', 'y'], unique: true });
    // Keys of a table the catalog does not list are ignored.
    expect(snapshot.tables.ghost).toBeUndefined();
  });

  it('foreign keys: explicit and implicit referenced columns, every ON DELETE spelling, unknown tables skipped', () => {
    const fk = (key: string, onDelete: string | null | undefined, referencedColumn: string | null = 'id', referencedTable = 'parent') => ({
      table: 'child',
      key,
      position: 1,
      column: 'parent_id',
      referencedTable,
      referencedColumn,
      ...(onDelete === undefined ? {} : { onDelete }),
    });
    const snapshot = buildSchemaSnapshot(
      rows({
        columns: [col('parent', 'id', 1), col('child', 'parent_id', 1)],
        primaryKeyParts: [{ table: 'parent', key: 'x', position: 1, column: 'id' }],
        foreignKeyParts: [
          fk('f_cascade', 'CASCADE'),
          fk('f_c', 'c'),
          fk('f_setnull', ' SET NULL '),
          fk('f_n', 'n'),
          fk('f_setdefault', 'SET DEFAULT'),
          fk('f_d', 'd'),
          fk('f_restrict', 'RESTRICT'),
          fk('f_null', null),
          fk('f_none', undefined),
          fk('f_implicit', null, null),
          fk('f_implicit_unknown', null, null, 'nowhere'),
          { ...fk('f_ghost', null), table: 'ghost' },
        ],
      }),
      [],
    );
    const keys = snapshot.tables.child!.foreignKeys;
    expect(keys.f_cascade!.onDelete).toBe('cascade');
    expect(keys.f_c!.onDelete).toBe('cascade');
    expect(keys.f_setnull!.onDelete).toBe('set null');
    expect(keys.f_n!.onDelete).toBe('set null');
    expect(keys.f_setdefault!.onDelete).toBe('set default');
    expect(keys.f_d!.onDelete).toBe('set default');
    for (const name of ['f_restrict', 'f_null', 'f_none']) expect(keys[name]).not.toHaveProperty('onDelete');
    expect(keys.f_implicit!.references).toEqual({ table: 'parent', columns: ['id'] });
    expect(keys.f_implicit_unknown!.references).toEqual({ table: 'nowhere', columns: [] });
    expect(Object.keys(snapshot.tables)).toEqual(['child', 'parent']);
  });

  it('leaves out excluded tables and views, sorts and normalizes views', () => {
    const snapshot = buildSchemaSnapshot(
      rows({
        columns: [col('dihya_lock', 'id', 1), col('t', 'id', 1)],
        views: [
          { name: 'z_view', definition: 'SELECT  1;' },
          { name: 'a_view', definition: "select 'X'" },
          { name: 'hidden', definition: 'select 2' },
        ],
      }),
      ['dihya_lock', 'hidden'],
    );
    expect(Object.keys(snapshot.tables)).toEqual(['t']);
    expect(snapshot.views).toEqual({ a_view: "select 'X'", z_view: 'select 1' });
  });
});

describe('normalizeSqlText', () => {
  it('lower-cases outside quotes, folds spaces, keeps quoted text, drops a trailing semicolon', () => {
    expect(normalizeSqlText('  SELECT  "Mixed  Case", `Back  Tick`\n FROM T ;')).toBe('select "Mixed  Case", `Back  Tick` from t');
    expect(normalizeSqlText('')).toBe('');
  });
});
