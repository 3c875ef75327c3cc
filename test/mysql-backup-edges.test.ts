import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlBackupDriver } from '../src/database/dialects/mysql/backup-driver.ts';
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
