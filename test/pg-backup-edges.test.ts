import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackupDriver } from '../src/database/dialects/postgres/backup-driver.ts';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { findClientTool, noClientTools, type ClientToolFinder } from '../src/tools/find-client-tool.ts';
import { createScratchDatabase, testsOn, withPg, type ScratchDatabase } from './helpers/databases.ts';

type PgSpec = Extract<ReturnType<typeof parseTargetUrl>, { dialect: 'postgres' }>;
const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-pg-edges-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const tools: ClientToolFinder = (names) => findClientTool(names);
const specOf = (url: string) => parseTargetUrl(url) as PgSpec;
const folder = (name: string) => {
  const dir = path.join(work, name);
  mkdirSync(dir);
  return dir;
};

describe('PostgreSQL backup driver: bad inputs (no server needed)', () => {
  const driver = postgresBackupDriver(specOf('postgres://app:secret@127.0.0.1:1/shop'), { findTool: noClientTools });
  it('refuses an unknown method, a restore into another dialect or from another method', async () => {
    await expect(driver.create(work, { method: 'mysqldump' as never })).rejects.toThrow(
      'Unknown PostgreSQL backup method "mysqldump": use "pg_dump", "pg-copy" or "auto"',
    );
    await expect(driver.restore(work, { method: 'pg_dump', files: [] }, 'mysql://root:pw@h/db')).rejects.toThrow(
      /^Cannot restore a PostgreSQL backup into mysql:\/\/root:\*+@h\/db: not a PostgreSQL URL$/,
    );
    await expect(driver.restore(work, { method: 'sqlite-backup', files: [] }, 'postgres://h/db')).rejects.toThrow(
      'A PostgreSQL database cannot be restored from a "sqlite-backup" backup',
    );
    await expect(driver.cloneSchema('sqlite:./x.db')).rejects.toThrow('Cannot copy a PostgreSQL schema into sqlite:./x.db: not a PostgreSQL URL');
  });
});

describe.runIf(testsOn('postgres'))('PostgreSQL backup driver on the real server', () => {
  let db: ScratchDatabase;
  let empty: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    empty = await createScratchDatabase('postgres');
    await withPg(
      (c) =>
        c.query(`create schema billing;
          create table billing.invoices (id int primary key, total int);
          create table customers (id int primary key, name text);
          insert into billing.invoices values (1, 10), (2, 20);
          insert into customers values (1, 'a')`),
      db.url,
    );
  });
  afterAll(async () => {
    await db?.drop();
    await empty?.drop();
  });

  it('a scoped pg_dump restore replaces a schema-qualified table and drops the ones named', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: tools });
    const dir = folder('scoped');
    const result = await driver.create(dir, { method: 'pg_dump', tables: ['billing.invoices'] });
    expect(result).toMatchObject({ method: 'pg_dump', tables: ['billing.invoices'] });
    await withPg((c) => c.query('delete from billing.invoices; create table created_since (id int)'), db.url);
    await driver.restore(dir, result, db.url, { drop: ['created_since'] });
    await withPg(async (c) => {
      expect((await c.query('select count(*)::int as n from billing.invoices')).rows[0].n).toBe(2);
      expect((await c.query("select to_regclass('public.created_since') as t")).rows[0].t).toBeNull();
      expect((await c.query('select count(*)::int as n from customers')).rows[0].n).toBe(1);
    }, db.url);
  });

  it('a scoped backup of a table that does not exist yet holds no archive: its restore drops the tables created since', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: tools });
    const dir = folder('scoped-new');
    const result = await driver.create(dir, { method: 'pg_dump', tables: ['later'] });
    expect(result.files).not.toContain('database.pgdump');
    expect(result.tables).toEqual([]);
    await driver.checkComplete(dir, result);
    await withPg((c) => c.query('create table later (id int)'), db.url);
    await driver.restore(dir, result, db.url, { drop: ['later'] });
    await withPg(async (c) => expect((await c.query("select to_regclass('public.later') as t")).rows[0].t).toBeNull(), db.url);
  });

  it('restore needs pg_restore and psql, names the missing ones, and reports a failed replay as rolled back', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: tools });
    const dir = folder('whole');
    const result = await driver.create(dir, { method: 'pg_dump' });
    await expect(postgresBackupDriver(specOf(db.url), { findTool: noClientTools }).restore(dir, result, db.url)).rejects.toThrow(
      /pg_restore and psql not found on PATH\. Install the PostgreSQL client tools \(version \d+ or newer\)/,
    );
    const onlyRestore: ClientToolFinder = (names) => (names.includes('psql') ? undefined : findClientTool(names));
    await expect(postgresBackupDriver(specOf(db.url), { findTool: onlyRestore }).restore(dir, result, db.url)).rejects.toThrow(/: psql not found on PATH/);
    writeFileSync(path.join(dir, 'database.pgdump'), 'damaged');
    await expect(driver.restore(dir, result, db.url)).rejects.toThrow(/^pg_dump restore into .* failed \(rolled back, the database is unchanged\): pg_restore/);
    await withPg(async (c) => expect((await c.query('select count(*)::int as n from customers')).rows[0].n).toBe(1), db.url);
  });

  it('pg-copy cannot scope a backup: it backs the whole database up', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: noClientTools });
    const result = await driver.create(folder('copy'), { tables: ['customers'] });
    expect(result.method).toBe('pg-copy');
    expect(result.tables).toBeUndefined();
    expect(result.rowCounts).toMatchObject({ customers: 1 });
  });

  it('schema copy refuses a database that is not empty; a scratch database drops twice without error', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: noClientTools });
    await expect(driver.cloneSchema(db.url)).rejects.toThrow(/^Cannot copy the schema into postgres:.*: it is not empty \(it holds .*customers.*…\)$/);
    await driver.cloneSchema(empty.url);
    await withPg(async (c) => expect((await c.query('select count(*)::int as n from billing.invoices')).rows[0].n).toBe(0), empty.url);
    const scratch = await driver.createScratch();
    await withPg(async (c) => expect((await c.query('select 1 as one')).rows[0].one).toBe(1), scratch.url);
    await scratch.drop();
    await expect(scratch.drop()).resolves.toBeUndefined();
  });
});

describe.runIf(testsOn('postgres'))('PostgreSQL scoped restores with dependents', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    await withPg(
      (c) =>
        c.query(`create table parents (id int primary key, name text);
          create table kids (id int primary key, parent_id int references parents(id));
          create view parent_names as select name from parents;
          create view parent_names_upper as select upper(name) as name from parent_names;
          insert into parents values (1, 'a'), (2, 'b');
          insert into kids values (1, 1), (2, 2)`),
      db.url,
    );
  });
  afterAll(() => db?.drop());

  it('puts back the foreign keys other tables hold on the restored table and its dependent views; a key rows broke stays NOT VALID', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: tools });
    const dir = folder('dependents');
    const result = await driver.create(dir, { method: 'pg_dump', tables: ['parents'] });
    // Since the backup: a new parent, and a kid pointing to it (the restore removes that parent).
    await withPg((c) => c.query("insert into parents values (3, 'c'); insert into kids values (3, 3)"), db.url);
    await driver.restore(dir, result, db.url);
    await withPg(async (c) => {
      expect((await c.query('select count(*)::int as n from parents')).rows[0].n).toBe(2);
      expect((await c.query('select name from parent_names_upper order by name')).rows.map((r) => r.name)).toEqual(['A', 'B']);
      const fk = (await c.query("select convalidated from pg_constraint where conrelid = 'kids'::regclass and contype = 'f'")).rows;
      expect(fk).toEqual([{ convalidated: false }]);
    }, db.url);
  });

  it('refuses a folder whose backup-info is missing or describes another method', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: tools });
    const empty = folder('no-info');
    await expect(driver.restore(empty, { method: 'pg_dump', files: [] }, db.url)).rejects.toThrow(/^Cannot read .*backup-info\.json: /);
    const dir = folder('copy-info');
    const copied = await postgresBackupDriver(specOf(db.url), { findTool: noClientTools }).create(dir, { method: 'pg-copy' });
    await expect(driver.restore(dir, { ...copied, method: 'pg_dump' }, db.url)).rejects.toThrow(/backup-info\.json does not describe a pg_dump backup$/);
  });
});

describe.runIf(testsOn('postgres'))('pg-copy round trip of an unusual schema', () => {
  let db: ScratchDatabase;
  let copy: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    copy = await createScratchDatabase('postgres');
    await withPg(
      (c) =>
        c.query(`create table no_columns ();
          create table priced (id int generated always as identity primary key, qty int, doubled int generated always as (qty * 2) stored);
          insert into priced (qty) values (1), (2);
          create unlogged table scratchpad (v text) with (fillfactor = 70);
          comment on table priced is 'prices';
          create table dihya_keep (n int); insert into dihya_keep values (42)`),
      db.url,
    );
  });
  afterAll(async () => {
    await db?.drop();
    await copy?.drop();
  });

  it('rebuilds tables without columns, identity and generated columns, options and comments; kept tables are left as they are', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: noClientTools });
    const dir = folder('copy-rich');
    const result = await driver.create(dir, { method: 'pg-copy', exclude: ['dihya_keep'] });
    await driver.checkComplete(dir, result);
    await withPg((c) => c.query('create table dihya_keep (n int); insert into dihya_keep values (7)'), copy.url);
    await driver.restore(dir, result, copy.url, { keep: ['dihya_keep'] });
    await withPg(async (c) => {
      expect((await c.query('select id, doubled from priced order by id')).rows).toEqual([
        { id: 1, doubled: 2 },
        { id: 2, doubled: 4 },
      ]);
      await c.query('insert into priced (qty) values (5)');
      expect((await c.query('select max(id) as id from priced')).rows[0].id).toBe(3);
      expect((await c.query("select obj_description('priced'::regclass) as d")).rows[0].d).toBe('prices');
      expect((await c.query("select relpersistence, reloptions from pg_class where relname = 'scratchpad'")).rows[0]).toEqual({
        relpersistence: 'u',
        reloptions: ['fillfactor=70'],
      });
      expect((await c.query("select count(*)::int as n from pg_class where relname = 'no_columns'")).rows[0].n).toBe(1);
      expect((await c.query('select n from dihya_keep')).rows).toEqual([{ n: 7 }]);
    }, copy.url);
  });

  it('a damaged data file rolls the whole restore back; an object pg-copy cannot rebuild is refused up front', async () => {
    const driver = postgresBackupDriver(specOf(db.url), { findTool: noClientTools });
    const dir = folder('copy-damaged');
    const result = await driver.create(dir, { method: 'pg-copy' });
    const data = result.files.find((f) => f.endsWith('.copy') && readFileSync(path.join(dir, f), 'utf8').length > 0)!;
    writeFileSync(path.join(dir, data), 'not\ta\tnumber\textra\n');
    await expect(driver.restore(dir, result, copy.url)).rejects.toThrow(/^pg-copy restore into .* failed \(rolled back, the database is unchanged\): /);
    await withPg(async (c) => expect((await c.query('select count(*)::int as n from priced')).rows[0].n).toBe(3), copy.url);
    await withPg((c) => c.query('create materialized view priced_totals as select sum(qty) from priced'), db.url);
    await expect(driver.create(folder('copy-refused'), { method: 'pg-copy' })).rejects.toThrow(
      /The pg-copy backup method cannot rebuild: materialized view or foreign table (public\.)?priced_totals\. Install a pg_dump/,
    );
  });
});

describe.runIf(testsOn('postgres'))('PostgreSQL schema copy of a database without a public schema', () => {
  const made: ScratchDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });
  for (const [how, findTool] of [
    ['pg_dump and psql', tools],
    ['the catalog', noClientTools],
  ] as const) {
    it(`copies it through ${how}, leaving the copy without public too`, async () => {
      const source = await createScratchDatabase('postgres');
      const destination = await createScratchDatabase('postgres');
      made.push(source, destination);
      await withPg((c) => c.query('drop schema public cascade; create schema app; create table app.things (id int primary key, v text)'), source.url);
      await postgresBackupDriver(specOf(source.url), { findTool }).cloneSchema(destination.url);
      await withPg(async (c) => {
        expect((await c.query("select count(*)::int as n from pg_namespace where nspname = 'public'")).rows[0].n).toBe(0);
        expect((await c.query('select count(*)::int as n from app.things')).rows[0].n).toBe(0);
      }, destination.url);
    });
  }
});
