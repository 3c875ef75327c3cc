import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { DihyaError } from '../src/errors/dihya-error.ts';
import { InternalSchema } from '../src/internal-schema/internal-schema.ts';
import { internalTables } from '../src/internal-schema/internal-tables.ts';
import { INTERNAL_SCHEMA_VERSION } from '../src/internal-schema/upgrades.ts';
import { createScratchDatabase, type ScratchDatabase } from './helpers/databases.ts';

const tables = internalTables({ table: 'dihya_migrations', audit: { table: 'dihya_audit' } });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as DihyaError,
  );

describe('internal schema edges on SQLite', () => {
  let scratch: ScratchDatabase;
  let target: Target;
  let schema: InternalSchema;
  beforeEach(async () => {
    scratch = await createScratchDatabase('sqlite');
    target = await connect(scratch.url);
    schema = new InternalSchema(target, tables);
  });
  afterEach(async () => {
    await target.close();
    await scratch.drop();
  });

  it('version: 0 on an empty database, 1 with only a history table or an empty version table', async () => {
    expect(await schema.version()).toBe(0);
    await schema.assertReadable();
    await sql.raw('create table dihya_migrations (version text)').execute(target.db);
    await sql.raw('create table dihya_migrations_schema (id integer primary key, version integer, upgraded_at text)').execute(target.db);
    expect(await schema.version()).toBe(1);
  });

  it('a history table of another tool is HISTORY_TABLE_FOREIGN, naming the missing columns, on read and on upgrade', async () => {
    await sql.raw('create table dihya_migrations (version text, name text)').execute(target.db);
    for (const call of [() => schema.assertReadable(), () => schema.upgrade()]) {
      const error = await failure(call());
      expect(error!.code).toBe('HISTORY_TABLE_FOREIGN');
      expect(error!.message).toContain('checksum');
      expect(error!.hint.length).toBeGreaterThan(0);
    }
  });

  it('upgrade refuses a newer version; a failing upgrade is INTERNAL_SCHEMA_UPGRADE_FAILED and rolls back', async () => {
    expect(await schema.upgrade()).toEqual(Array.from({ length: INTERNAL_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await schema.upgrade()).toEqual([]);
    await sql.raw(`update dihya_migrations_schema set version = ${INTERNAL_SCHEMA_VERSION + 1}`).execute(target.db);
    expect((await failure(schema.upgrade()))!.code).toBe('INTERNAL_SCHEMA_TOO_NEW');

    const other = await createScratchDatabase('sqlite');
    const t2 = await connect(other.url);
    try {
      // The version table's name is taken by a view: the first upgrade cannot record itself.
      await sql.raw('create view dihya_migrations_schema as select 1 as id, 1 as version').execute(t2.db);
      const error = await failure(new InternalSchema(t2, tables).upgrade());
      expect(error!.code).toBe('INTERNAL_SCHEMA_UPGRADE_FAILED');
      expect(error!.message).toMatch(/dihya_migrations_schema/);
      // Rolled back as a whole: the history table of that upgrade is not there.
      expect(await t2.tableExists('dihya_migrations')).toBe(false);
    } finally {
      await t2.close();
      await other.drop();
    }
  });
});
