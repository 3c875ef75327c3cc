import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/layouts/read-layout.ts';
import { loadMigration } from '../../src/migrations/load-migration.ts';
import { readSqlMigration, readSqlParts } from '../../src/migrations/sql-migration.ts';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { query } from '../helpers/tables.ts';
import { layoutsDatabase, writeTree } from './layout-fixtures.ts';

const source = (name = 'x') => ({ name, fileName: `${name}.sql`, dialect: 'postgres' as const, fallbackDescription: name });

describe('SQL files say what TypeScript files can', () => {
  it('reads checks, timeout, lint allowances and sector from directives, in own files and in other layouts’ scripts', () => {
    const header = [
      '-- Drop the old sessions',
      '-- dihya:checks allowRowLoss=sessions rowCounts.countries=200.. notNull=users.email',
      '-- dihya:timeout 30s',
      '-- dihya:lint allow=drop-table reason="sessions are rebuilt"',
      '-- dihya:sector ecommerce',
    ].join('\n');
    const own = readSqlMigration(`${header}\n-- migrate:up\ndrop table sessions;\n`, source()).definition;
    const script = readSqlParts({ up: { text: `${header}\ndrop table sessions;\n`, fileName: 'V3__drop.sql' } }, source('V3__drop')).definition;
    for (const definition of [own, script]) {
      expect(definition).toMatchObject({
        description: 'Drop the old sessions',
        checks: { allowRowLoss: ['sessions'], rowCounts: { countries: { min: 200 } }, notNull: ['users.email'] },
        timeoutMs: 30_000,
        lint: { allow: ['drop-table'], reason: 'sessions are rebuilt' },
        sector: 'ecommerce',
      });
    }
  });

  it('honours transaction:false per section, and `-- dihya:transaction false` per script', () => {
    const mixed = readSqlMigration(
      '-- migrate:up\ncreate table t (a int);\n-- migrate:down transaction:false\ndrop index concurrently i;\n',
      source(),
    ).definition;
    expect([mixed.transactional, mixed.downTransactional]).toEqual([true, false]);
    const script = readSqlParts(
      {
        up: { text: '-- dihya:transaction false\ncreate index concurrently i on t (a);\n', fileName: 'V2__i.sql' },
        down: { text: 'drop table t;\n', fileName: 'U2__i.sql' },
      },
      source('V2__i'),
    ).definition;
    expect([script.transactional, script.downTransactional]).toEqual([false, true]);
  });

  it('a comment-only up is a recorded no-op; a comment-only down an explicit no-op, unlike a missing down', () => {
    const placeholder = readSqlMigration('-- migrate:up\n-- kept for numbering\n-- migrate:down\n-- nothing to undo\n', source());
    expect(placeholder.up).toEqual([]);
    expect(placeholder.definition.down).toBeTypeOf('function');
    const noDown = readSqlMigration('-- migrate:up\ncreate table t (a int);\n', source());
    expect(noDown.definition.down).toBeUndefined();
    const emptyScript = readSqlParts({ up: { text: '', fileName: 'V9__placeholder.sql' } }, source('V9__placeholder'));
    expect(emptyScript.up).toEqual([]);
  });

  it('finds statements that cannot run in a transaction at load, naming the file and line, with the hint for its layout', () => {
    const at = (text: string) => () => readSqlMigration(text, source('20260101000000_x'));
    expect(at('-- migrate:up\ncreate table t (a int);\n\ncreate index concurrently i on t (a);\n')).toThrow(
      /x\.sql:4: CREATE INDEX CONCURRENTLY cannot run inside a transaction/,
    );
    for (const statement of ['vacuum t', 'alter system set work_mem = 1', 'reindex index concurrently i', 'drop index concurrently i']) {
      expect(at(`-- migrate:up\n${statement};\n`)).toThrow(/cannot run inside a transaction/);
    }
    try {
      readSqlParts({ up: { text: 'select 1;\nvacuum;\n', fileName: 'V4__vacuum.sql' } }, source('V4__vacuum'));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'SCRIPT_NEEDS_NO_TRANSACTION', details: { file: 'V4__vacuum.sql', line: 2 } });
      expect((error as { hint: string }).hint).toMatch(/-- dihya:transaction false.*executeInTransaction=false/);
    }
    expect(() => readSqlMigration("-- migrate:up\nalter type mood add value 'calm';\ninsert into m values ('calm');\n", source())).toThrow(/calm/);
  });

  it('accepts a BEGIN … COMMIT around a whole golang-migrate or Sqitch script, and refuses one inside', () => {
    const wrapped = readSqlParts({ up: { text: 'BEGIN;\ncreate table t (a int);\nCOMMIT;\n', fileName: '1_t.up.sql', unwrapTransaction: true } }, source());
    expect(wrapped.up).toEqual([{ sql: 'create table t (a int)', line: 2 }]);
    expect(() =>
      readSqlParts({ up: { text: 'create table t (a int);\nCOMMIT;\ncreate table u (a int);\n', fileName: '1_t.up.sql', unwrapTransaction: true } }, source()),
    ).toThrow(/1_t\.up\.sql:2: COMMIT/);
  });
});

describe.each(DIALECTS.filter((d) => d === 'postgres'))('non-transactional scripts on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    project = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-sql-'));
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  it('runs a Flyway script marked executeInTransaction=false and an own down marked transaction:false', async () => {
    const migrations = path.join(project, 'migrations');
    writeTree(migrations, {
      'V1__t.sql': 'create table t (a int);\n',
      'V2__index.sql': 'create index concurrently t_a on t (a);\n',
      'V2__index.sql.conf': 'executeInTransaction=false\n',
      'U2__index.sql': '-- dihya:transaction false\ndrop index concurrently t_a;\n',
      'V3__placeholder.sql': '-- kept so versions stay aligned with production\n',
      'U3__placeholder.sql': '-- nothing to undo\n',
    });
    const files = readMigrations(migrations);
    expect((await loadMigration(files[1]!, 'postgres')).definition).toMatchObject({ transactional: false, downTransactional: false });
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.json.applied).toHaveLength(3);
    expect(await query(db.url, "select indexname from pg_indexes where tablename = 't'")).toEqual([{ indexname: 't_a' }]);
    const down = await run('down', '--steps', '2');
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await query(db.url, "select indexname from pg_indexes where tablename = 't'")).toEqual([]);
  });
});
