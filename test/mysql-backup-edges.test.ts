import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlBackupDriver } from '../src/database/dialects/mysql/backup-driver.ts';
import { checkMysqlDumpComplete } from '../src/database/dialects/mysql/backup/mysql-dump-complete.ts';
import { MYSQL_DUMP_COMPLETED } from '../src/database/dialects/mysql/backup/mysql-driver-ddl.ts';
import { replayMysqlDump } from '../src/database/dialects/mysql/backup/mysql-replay.ts';
import { dumpCompatibilityArgs, findMysqlClientTool } from '../src/database/dialects/mysql/session/mysql-client-tools.ts';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { findClientTool, noClientTools, type ClientToolFinder } from '../src/tools/find-client-tool.ts';
import { createScratchDatabase, testsOn, withMysql, type ScratchDatabase } from './helpers/databases.ts';

type MysqlSpec = Extract<ReturnType<typeof parseTargetUrl>, { dialect: 'mysql' }>;
const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-mysql-edges-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const tools: ClientToolFinder = (names) => findClientTool(names);

function fakeTool(name: string, versionLine: string): ClientToolFinder {
  const file = path.join(work, name);
  writeFileSync(file, `#!/bin/sh\necho '${versionLine}'\n`, { mode: 0o755 });
  return () => file;
}

describe('MySQL client tool versions', () => {
  it('tells MariaDB tools from MySQL ones and reads their major version', async () => {
    expect(await findMysqlClientTool('dump', noClientTools)).toBeUndefined();
    const mysql8 = (await findMysqlClientTool('dump', fakeTool('mysqldump-8', 'mysqldump  Ver 8.0.35 for Linux on x86_64 (MySQL Community Server - GPL)')))!;
    expect(mysql8).toMatchObject({ mariadb: false, major: 8 });
    const old = (await findMysqlClientTool('client', fakeTool('mysql-57', 'mysql  Ver 14.14 Distrib 5.7.44, for Linux (x86_64)')))!;
    expect(old).toMatchObject({ mariadb: false, major: 5 });
    const maria = (await findMysqlClientTool('dump', fakeTool('mariadb-dump', 'some dump tool')))!;
    expect(maria.mariadb).toBe(true); // named mariadb-dump
    expect(Number.isNaN(maria.major)).toBe(true);
    // MySQL 8 tools against a MariaDB server leave out GTIDs and column statistics; MariaDB tools need nothing.
    expect(dumpCompatibilityArgs(mysql8, true)).toEqual(['--set-gtid-purged=OFF', '--column-statistics=0']);
    expect(dumpCompatibilityArgs(mysql8, false)).toEqual(['--set-gtid-purged=OFF']);
    expect(dumpCompatibilityArgs(old, true)).toEqual(['--set-gtid-purged=OFF']);
    expect(dumpCompatibilityArgs(maria, true)).toEqual([]);
  });
});

describe('MySQL backup driver: bad inputs (no server needed)', () => {
  const spec = parseTargetUrl('mysql://root:secret@127.0.0.1:1/none') as MysqlSpec;
  it('refuses an unknown method and mysqldump when no dump tool is there', async () => {
    await expect(mysqlBackupDriver(spec, { findTool: noClientTools }).create(work, { method: 'pg_dump' as never })).rejects.toThrow(
      'Unknown MySQL backup method "pg_dump": use "mysqldump", "mysql-driver" or "auto"',
    );
    await expect(mysqlBackupDriver(spec, { findTool: noClientTools }).create(work, { method: 'mysqldump' })).rejects.toThrow(
      /Neither mariadb-dump nor mysqldump was found on PATH: .*use the "mysql-driver" method/,
    );
  });

  it('refuses to restore another method, into another dialect, or from a missing dump', async () => {
    const driver = mysqlBackupDriver(spec, { findTool: noClientTools });
    await expect(driver.restore(work, { method: 'sqlite-backup', files: [] }, spec.url)).rejects.toThrow(
      'A MySQL/MariaDB database cannot be restored from a "sqlite-backup" backup',
    );
    await expect(driver.restore(work, { method: 'mysqldump', files: ['dump.sql'] }, 'postgres://u:pw@h/db')).rejects.toThrow(
      /^Cannot restore a MySQL backup into postgres:\/\/u:\*+@h\/db: not a MySQL\/MariaDB URL$/,
    );
    await expect(driver.restore(path.join(work, 'nothing'), { method: 'mysqldump', files: ['dump.sql'] }, spec.url)).rejects.toThrow(
      /^Backup file missing: .*dump\.sql$/,
    );
    await expect(driver.checkComplete(work, { method: 'mysql-driver', files: [] })).resolves.toBeUndefined();
    await expect(driver.cloneSchema('sqlite:./x.db')).rejects.toThrow('Cannot copy a MySQL/MariaDB schema into sqlite:./x.db: not a MySQL/MariaDB URL');
  });
});

describe.runIf(testsOn('mysql'))('MySQL backup driver on the real server', () => {
  let source: ScratchDatabase;
  let other: ScratchDatabase;
  beforeAll(async () => {
    source = await createScratchDatabase('mysql');
    other = await createScratchDatabase('mysql');
    await withMysql(async (c) => {
      await c.query('create table a (id int primary key, v varchar(10))');
      await c.query('create table b (id int primary key, a_id int, foreign key (a_id) references a(id))');
      await c.query("insert into a values (1, 'x'), (2, 'y')");
      await c.query('insert into b values (1, 1)');
    }, source.url);
  });
  afterAll(async () => {
    await source?.drop();
    await other?.drop();
  });

  for (const [method, findTool] of [
    ['mysql-driver', noClientTools],
    ['mysqldump', tools],
  ] as const) {
    it(`${method}: a table-scoped restore replaces its tables and drops the ones named`, async () => {
      const driver = mysqlBackupDriver(parseTargetUrl(source.url) as MysqlSpec, { findTool });
      const dir = path.join(work, `scoped-${method}`);
      mkdirSync(dir);
      const result = await driver.create(dir, { method, tables: ['a'] });
      expect(result).toMatchObject({ method, tables: ['a'], rowCounts: { a: 2 } });
      await withMysql(async (c) => {
        await c.query('set foreign_key_checks = 0');
        await c.query('delete from a');
        await c.query('create table created_since (id int)');
      }, source.url);
      await driver.restore(dir, result, source.url, { drop: ['created_since'] });
      await withMysql(async (c) => {
        const [rows] = await c.query<any[]>('select count(*) as n from a');
        expect(Number(rows[0].n)).toBe(2);
        const [tables] = await c.query<any[]>(
          "select table_name as t from information_schema.tables where table_schema = database() and table_name = 'created_since'",
        );
        expect(tables).toEqual([]);
      }, source.url);
    });
  }

  it('refuses to copy a schema into a database that is not empty, copies it through the driver without tools', async () => {
    const driver = mysqlBackupDriver(parseTargetUrl(source.url) as MysqlSpec, { findTool: noClientTools });
    await expect(driver.cloneSchema(source.url)).rejects.toThrow(/Cannot copy the schema into .*: it is not empty \(it holds (a|b), (a|b)…\)/);
    await driver.cloneSchema(other.url);
    await withMysql(async (c) => {
      const [rows] = await c.query<any[]>('select count(*) as n from a');
      expect(Number(rows[0].n)).toBe(0);
    }, other.url);
    await expect(driver.recoverKept!(other.url, ['dihya_lock_not_parked'])).resolves.toBeUndefined();
  });

  it('a backup of a database that does not exist fails with the server message, password hidden', async () => {
    const url = new URL(source.url);
    url.pathname = '/dihya_cov_no_such_db';
    url.password = 'sekret';
    const driver = mysqlBackupDriver(parseTargetUrl(url.toString()) as MysqlSpec, { findTool: noClientTools });
    const error = await driver.create(work, { method: 'mysql-driver' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('sekret');
  });
});

describe.runIf(testsOn('mysql'))('mysql-driver backup of every kind of object', () => {
  let rich: ScratchDatabase;
  let copy: ScratchDatabase;
  beforeAll(async () => {
    rich = await createScratchDatabase('mysql');
    copy = await createScratchDatabase('mysql');
    await withMysql(async (c) => {
      for (const statement of [
        'create sequence seq_orders start with 100',
        "create table orders (id int primary key, note varchar(20) default 'n/a', total int)",
        "insert into orders values (1, 'it''s', 10), (2, null, 20)",
        'create table empty_one (id int)',
        'create table blobs (id int primary key, data blob, flags bit(4), up varchar(10) as (upper(note)) virtual, note varchar(10))',
        "insert into blobs (id, data, flags, note) values (1, x'00ff10', b'1010', 'a'), (2, '', b'0', null), (3, null, null, 'c')",
        // More than one INSERT statement's worth of text (512 KiB).
        'create table wide (id int primary key, v text)',
        "insert into wide select seq, repeat('x', 1000) from seq_1_to_700",
        'create view big_orders as select id, total from orders where total > 15',
        'create view constant_view as select 1',
        'create procedure touch_orders() update orders set total = total',
        'create function twice(x int) returns int deterministic return x * 2',
        'create trigger orders_bi before insert on orders for each row set new.total = coalesce(new.total, 0)',
        'create event nightly on schedule every 1 day do delete from empty_one',
      ])
        await c.query(statement);
    }, rich.url);
  });
  afterAll(async () => {
    await rich?.drop();
    await copy?.drop();
  });

  it('dumps sequences, tables, views, routines, triggers and events, and restores them into another database', async () => {
    const driver = mysqlBackupDriver(parseTargetUrl(rich.url) as MysqlSpec, { findTool: noClientTools });
    const dir = path.join(work, 'rich');
    mkdirSync(dir);
    const result = await driver.create(dir, { method: 'mysql-driver' });
    expect(result.rowCounts).toMatchObject({ orders: 2, empty_one: 0, blobs: 3, wide: 700 });
    expect(readFileSync(path.join(dir, 'dump.sql'), 'utf8').match(/INSERT INTO `wide`/g)!.length).toBeGreaterThan(1);
    await driver.checkComplete(dir, result);
    await driver.restore(dir, result, copy.url);
    await withMysql(async (c) => {
      const [orders] = await c.query<any[]>('select id, note, total from orders order by id');
      expect(orders).toEqual([
        { id: 1, note: "it's", total: 10 },
        { id: 2, note: null, total: 20 },
      ]);
      const [blobs] = await c.query<any[]>('select id, hex(data) as data, bin(flags) as flags, up from blobs order by id');
      expect(blobs).toEqual([
        { id: 1, data: '00FF10', flags: '1010', up: 'A' },
        { id: 2, data: '', flags: '0', up: null },
        { id: 3, data: null, flags: null, up: 'C' },
      ]);
      const [wide] = await c.query<any[]>('select count(*) as n, sum(length(v)) as len from wide');
      expect(wide[0]).toMatchObject({ n: 700 });
      expect(Number(wide[0].len)).toBe(700_000);
      const [view] = await c.query<any[]>('select id from big_orders');
      expect(view).toEqual([{ id: 2 }]);
      const [fn] = await c.query<any[]>('select twice(21) as v');
      expect(Number(fn[0].v)).toBe(42);
      const [names] = await c.query<any[]>(
        `select 'trigger' as k, trigger_name as n from information_schema.triggers where trigger_schema = database()
         union all select 'event', event_name from information_schema.events where event_schema = database()
         union all select lower(routine_type), routine_name from information_schema.routines where routine_schema = database()
         union all select 'sequence', table_name from information_schema.tables where table_schema = database() and table_type = 'SEQUENCE'
         order by 1, 2`,
      );
      expect(names.map((r: { k: string; n: string }) => `${r.k}:${r.n}`)).toEqual([
        'event:nightly',
        'function:twice',
        'procedure:touch_orders',
        'sequence:seq_orders',
        'trigger:orders_bi',
      ]);
    }, copy.url);
  });

  it('a table-scoped mysql-driver backup leaves views and routines out; a system-versioned table is refused', async () => {
    const driver = mysqlBackupDriver(parseTargetUrl(rich.url) as MysqlSpec, { findTool: noClientTools });
    const dir = path.join(work, 'rich-scoped');
    mkdirSync(dir);
    const result = await driver.create(dir, { method: 'mysql-driver', tables: ['orders', 'big_orders'] });
    expect(result.tables).toEqual(['orders']);
    const dump = readFileSync(path.join(dir, 'dump.sql'), 'utf8');
    expect(dump).toContain('orders_bi');
    expect(dump).not.toContain('twice');
    await withMysql((c) => c.query('create table versioned (id int) with system versioning'), rich.url);
    const refused = path.join(work, 'rich-refused');
    mkdirSync(refused);
    await expect(driver.create(refused, { method: 'mysql-driver' })).rejects.toThrow(
      /The mysql-driver backup method cannot dump: system-versioned table versioned\. Install mariadb-dump or mysqldump/,
    );
  });
});

describe('MySQL dump completeness and replay', () => {
  it('a dump is complete only when it ends with the completion line; an empty or missing file is not', async () => {
    const file = path.join(work, 'check.sql');
    await expect(checkMysqlDumpComplete(file)).rejects.toThrow('check.sql is missing');
    writeFileSync(file, '');
    await expect(checkMysqlDumpComplete(file)).rejects.toThrow(/check\.sql is incomplete: it does not end with the "-- Dump completed/);
    writeFileSync(file, `${'x'.repeat(10_000)}\n${MYSQL_DUMP_COMPLETED} on 2026-12-03\n\n`);
    await expect(checkMysqlDumpComplete(file)).resolves.toBeUndefined();
    writeFileSync(file, `${MYSQL_DUMP_COMPLETED} on 2026-12-03\nINSERT INTO t VALUES (1);\n`);
    await expect(checkMysqlDumpComplete(file)).rejects.toThrow(/incomplete/);
  });

  it.runIf(testsOn('mysql'))('the driver replay skips empty statements and names the line of a failing one, password hidden', async () => {
    const db = await createScratchDatabase('mysql');
    try {
      const file = path.join(work, 'replay.sql');
      writeFileSync(file, 'create table r (id int);\n/*!40101 */;\ninsert into r values (1);\ninsert into nowhere values (2);\n');
      const url = new URL(db.url);
      const error = await replayMysqlDump(file, url.toString(), url.pathname.slice(1), noClientTools).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/^replay\.sql line 4: .*nowhere/);
      await withMysql(async (c) => {
        const [rows] = await c.query<any[]>('select id from r');
        expect(rows).toEqual([{ id: 1 }]);
      }, db.url);
    } finally {
      await db.drop();
    }
  });
});
