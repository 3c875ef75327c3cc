import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupMethod } from '../src/database/backup-driver.ts';
import type { BackupDriver } from '../src/database/backup-driver.ts';
import { findClientTool, noClientTools, type ClientToolFinder } from '../src/tools/find-client-tool.ts';
import { connect } from '../src/database/connect.ts';
import { mysqlBackupDriver } from '../src/database/dialects/mysql/backup-driver.ts';
import { postgresBackupDriver } from '../src/database/dialects/postgres/backup-driver.ts';
import { sqliteBackupDriver } from '../src/database/dialects/sqlite/backup-driver.ts';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { buildFixture, CUSTOMERS, expectedRowCounts, insertCustomer, mutateFixture } from './helpers/backup-fixture.ts';
import { snapshotDatabase } from './helpers/database-snapshot.ts';
import { createScratchDatabase, DIALECTS, testsOn, withMysql, withPg, type Dialect } from './helpers/databases.ts';

const tools: ClientToolFinder = (names) => findClientTool(names);

/** The backup driver of `dialect` for `url`, with the given tool lookup. */
function driverFor(url: string, findTool: ClientToolFinder = tools): BackupDriver {
  const spec = parseTargetUrl(url);
  if (spec.dialect === 'sqlite') return sqliteBackupDriver(spec);
  if (spec.dialect === 'postgres') return postgresBackupDriver(spec, { findTool });
  return mysqlBackupDriver(spec, { findTool });
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

async function scratchExists(url: string): Promise<boolean> {
  const spec = parseTargetUrl(url);
  if (spec.dialect === 'sqlite') return existsSync(spec.file);
  if (spec.dialect === 'postgres') {
    return withPg(async (c) => (await c.query('select 1 from pg_database where datname = $1', [spec.database])).rows.length > 0);
  }
  return withMysql(
    async (c) => ((await c.query('select 1 from information_schema.schemata where schema_name = ?', [spec.database]))[0] as unknown[]).length > 0,
  );
}

interface RoundTrip {
  name: string;
  dialect: Dialect;
  method?: BackupMethod;
  expectMethod: BackupMethod;
  createTools?: ClientToolFinder;
  restoreTools?: ClientToolFinder;
}

const ROUND_TRIPS: RoundTrip[] = [
  { name: 'SQLite online backup', dialect: 'sqlite', expectMethod: 'sqlite-backup' },
  { name: 'PostgreSQL pg_dump (auto)', dialect: 'postgres', expectMethod: 'pg_dump' },
  { name: 'PostgreSQL pg-copy (forced, tools on PATH)', dialect: 'postgres', method: 'pg-copy', expectMethod: 'pg-copy' },
  { name: 'PostgreSQL pg-copy (auto, no client tools)', dialect: 'postgres', expectMethod: 'pg-copy', createTools: noClientTools, restoreTools: noClientTools },
  { name: 'MariaDB mysqldump, replayed by the client', dialect: 'mysql', method: 'mysqldump', expectMethod: 'mysqldump' },
  { name: 'MariaDB mysqldump, replayed through the driver', dialect: 'mysql', expectMethod: 'mysqldump', restoreTools: noClientTools },
  { name: 'MariaDB mysql-driver, replayed by the client', dialect: 'mysql', method: 'mysql-driver', expectMethod: 'mysql-driver' },
  {
    name: 'MariaDB mysql-driver (auto, no client tools), replayed through the driver',
    dialect: 'mysql',
    expectMethod: 'mysql-driver',
    createTools: noClientTools,
    restoreTools: noClientTools,
  },
];

const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.info(`backup driver timings:\n${timings.join('\n')}`);
});

describe('backup drivers: backup, change, restore, compare', () => {
  it.each(ROUND_TRIPS.filter((c) => testsOn(c.dialect)))('$name', async (c) => {
    const db = await createScratchDatabase(c.dialect);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    const clock = { start: Date.now(), marks: [] as string[] };
    const mark = (what: string) => {
      clock.marks.push(`${what} ${Date.now() - clock.start} ms`);
      clock.start = Date.now();
    };
    try {
      await buildFixture(c.dialect, db.url, db.file);
      const before = await snapshotDatabase(c.dialect, db.url, db.file);
      mark('fixture');

      const result = await driverFor(db.url, c.createTools).create(dir, c.method ? { method: c.method } : undefined);
      mark('backup');
      expect(result.method).toBe(c.expectMethod);
      expect(result.rowCounts).toEqual(expectedRowCounts(c.dialect));
      expect(listFiles(dir)).toEqual([...result.files].sort());
      expect(await snapshotDatabase(c.dialect, db.url, db.file)).toEqual(before); // a backup changes nothing

      await mutateFixture(c.dialect, db.url, db.file);
      expect(await snapshotDatabase(c.dialect, db.url, db.file)).not.toEqual(before);

      const restorer = driverFor(db.url, c.restoreTools);
      // Restore into the target while our own connection to it stays open (idle, not in a transaction).
      const target = await connect(db.url);
      try {
        await sql`select count(*) as n from customers`.execute(target.db);
        await restorer.restore(dir, result, db.url);
        mark('restore');
        expect(await target.tableExists('added_later')).toBe(false);
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from customers`.execute(target.db);
        expect(Number(rows[0]!.n)).toBe(CUSTOMERS);
      } finally {
        await target.close();
      }
      const restored = await snapshotDatabase(c.dialect, db.url, db.file);
      expect(restored.structure).toEqual(before.structure);
      expect(restored.content).toEqual(before.content);

      const scratch = await restorer.createScratch();
      try {
        expect((await snapshotDatabase(c.dialect, scratch.url)).content).toEqual({});
        await restorer.restore(dir, result, scratch.url);
        mark('restore into scratch');
        const copy = await snapshotDatabase(c.dialect, scratch.url);
        expect(copy.structure).toEqual(before.structure);
        expect(copy.content).toEqual(before.content);
      } finally {
        await scratch.drop();
      }
      expect(await scratchExists(scratch.url)).toBe(false);

      // The sequence / auto-increment is back where it was at backup time.
      expect(await insertCustomer(c.dialect, db.url, db.file)).toBe(CUSTOMERS + 1);
      timings.push(`  ${c.name}: ${clock.marks.join(', ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe('backup drivers: errors', () => {
  it('refuses sqlite::memory: with a clear error', async () => {
    const driver = driverFor('sqlite::memory:');
    await expect(driver.create(os.tmpdir())).rejects.toThrow(/in-memory database.*cannot be backed up|cannot be backed up/);
  });

  it.each(DIALECTS)('refuses an unknown method on %s', async (dialect) => {
    const db = await createScratchDatabase(dialect);
    try {
      await expect(driverFor(db.url).create(os.tmpdir(), { method: 'tar' as BackupMethod })).rejects.toThrow(/Unknown .* backup method "tar"/);
    } finally {
      await db.drop();
    }
  });

  it.runIf(testsOn('mysql') && testsOn('postgres'))('says which tool is missing when a tool-based method is forced or needed', async () => {
    const pg = await createScratchDatabase('postgres');
    const my = await createScratchDatabase('mysql');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    try {
      await expect(driverFor(pg.url, noClientTools).create(dir, { method: 'pg_dump' })).rejects.toThrow(/pg_dump not found on PATH.*pg-copy/);
      await expect(driverFor(my.url, noClientTools).create(dir, { method: 'mysqldump' })).rejects.toThrow(/Neither mariadb-dump nor mysqldump.*mysql-driver/);
      const result = await driverFor(pg.url).create(dir);
      expect(result.method).toBe('pg_dump');
      await expect(driverFor(pg.url, noClientTools).restore(dir, result, pg.url)).rejects.toThrow(/pg_restore and psql not found on PATH/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await pg.drop();
      await my.drop();
    }
  });
});

describe.runIf(testsOn('sqlite'))('backup drivers: SQLite restore while another connection writes', () => {
  it('waits for the writer, and gives up with a clear message when it never finishes', async () => {
    const db = await createScratchDatabase('sqlite');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    const writer = new DatabaseSync(db.file!);
    try {
      writer.exec('create table t (a integer); insert into t values (1)');
      const driver = driverFor(db.url);
      const result = await driver.create(dir);
      writer.exec('begin immediate; insert into t values (2)');
      const impatient = sqliteBackupDriver(parseTargetUrl(db.url) as Extract<ReturnType<typeof parseTargetUrl>, { dialect: 'sqlite' }>, { busyTimeoutMs: 300 });
      await expect(impatient.restore(dir, result, db.url)).rejects.toThrow(/stayed locked by another connection.*Finish or close/);
      setTimeout(() => writer.exec('commit'), 200);
      await driver.restore(dir, result, db.url);
      expect(writer.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
    } finally {
      writer.close();
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe.runIf(testsOn('postgres'))('backup drivers: PostgreSQL method choice', () => {
  it('falls back to pg-copy when pg_dump is older than the server, and says so when pg_dump is required', async () => {
    const db = await createScratchDatabase('postgres');
    const bin = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    try {
      await withPg((c) => c.query('create table t (a int); insert into t values (1)'), db.url);
      const oldDump = path.join(bin, 'pg_dump');
      writeFileSync(oldDump, '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n', { mode: 0o755 });
      const oldTools: ClientToolFinder = (names) => (names[0] === 'pg_dump' ? oldDump : tools(names));
      await expect(driverFor(db.url, oldTools).create(dir, { method: 'pg_dump' })).rejects.toThrow(
        /pg_dump at .* is version 9, older than the server \(PostgreSQL 1\d\)/,
      );
      const result = await driverFor(db.url, oldTools).create(dir, { method: 'auto' });
      expect(result).toMatchObject({ method: 'pg-copy', rowCounts: { t: 1 } });
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe.runIf(testsOn('postgres'))('backup drivers: PostgreSQL compression level (backup.pgDumpCompression)', () => {
  it('dumps at the level asked, and the archive restores the same rows', async () => {
    const db = await createScratchDatabase('postgres');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    try {
      await withPg((c) => c.query("create table t (a int, b text); insert into t select i, repeat('x', 200) from generate_series(1, 2000) i"), db.url);
      const driver = driverFor(db.url);
      const result = await driver.create(dir, { pgDumpCompression: 0 });
      await driver.checkComplete(dir, result);
      const archive = path.join(dir, 'database.pgdump');
      expect(execFileSync(findClientTool(['pg_restore'])!, ['--list', archive], { encoding: 'utf8' })).toMatch(/Compression: (0|none)\b/);
      expect(statSync(archive).size).toBeGreaterThan(2000 * 200);
      await withPg((c) => c.query('delete from t'), db.url);
      await driver.restore(dir, result, db.url);
      expect(await withPg(async (c) => (await c.query<{ n: string }>('select count(*) as n from t')).rows[0]!.n, db.url)).toBe('2000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe.runIf(testsOn('postgres'))('backup drivers: PostgreSQL restores are atomic', () => {
  async function smallDatabase() {
    const db = await createScratchDatabase('postgres');
    await withPg((c) => c.query("create table kept (id int primary key, v text); insert into kept select i, 'v' || i from generate_series(1, 2000) i"), db.url);
    return db;
  }
  const state = (url: string) =>
    withPg(
      async (c) =>
        (
          await c.query(
            "select string_agg(tablename, ',' order by tablename) as t, (select count(*) from kept)::int as n from pg_tables where schemaname = 'public'",
          )
        ).rows[0],
      url,
    );

  it.each(['pg_dump', 'pg-copy'] as const)('a failing %s restore leaves the database unchanged', async (method) => {
    const db = await smallDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    try {
      const driver = driverFor(db.url);
      const result = await driver.create(dir, { method });
      await withPg((c) => c.query('create table added_later (a int); delete from kept where id > 1000'), db.url);
      if (method === 'pg-copy') {
        appendFileSync(path.join(dir, 'post-data.sql'), '\nSELECT public.no_such_function();\n');
      } else {
        // Cut the archive: pg_restore fails after having sent part of the script (the DROPs included).
        const file = path.join(dir, 'database.pgdump');
        truncateSync(file, Math.floor(statSync(file).size * 0.8));
      }
      await expect(driver.restore(dir, result, db.url)).rejects.toThrow(/rolled back, the database is unchanged/);
      expect(await state(db.url)).toEqual({ t: 'added_later,kept', n: 1000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});

describe('backup drivers: passwords stay off command lines and out of messages', () => {
  /** A tool finder whose tools are shell wrappers logging their arguments (and whether a password reached them) before running the real tool. */
  function loggingTools(logDir: string, script: (real: string) => string): ClientToolFinder {
    return (names) => {
      const real = findClientTool(names);
      if (!real) return undefined;
      const wrapper = path.join(logDir, path.basename(real));
      if (!existsSync(wrapper)) writeFileSync(wrapper, `#!/bin/sh\n${script(real)}\n`, { mode: 0o755 });
      return wrapper;
    };
  }

  it.runIf(testsOn('postgres'))('PostgreSQL: PGPASSWORD only, and tool stderr is redacted', async () => {
    const db = await createScratchDatabase('postgres');
    const secret = 'S3cret-p@ss;word';
    const url = new URL(db.url);
    url.password = encodeURIComponent(secret);
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    const log = path.join(logDir, 'calls.log');
    try {
      await withPg((c) => c.query('create table t (a int); insert into t values (1), (2)'), db.url);
      const logged = loggingTools(logDir, (real) => `echo "$(basename "$0") $* pw=\${PGPASSWORD:+set}" >> ${log}\nexec ${real} "$@"`);
      const driver = driverFor(url.toString(), logged);
      const result = await driver.create(dir);
      await driver.restore(dir, result, url.toString());
      const calls = readFileSync(log, 'utf8');
      expect(calls).toMatch(/pg_dump .*--snapshot=.* pw=set/);
      expect(calls).toMatch(/psql .*--set=ON_ERROR_STOP=1.* pw=set/);
      expect(calls).not.toContain('S3cret');

      const leaky = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
      const leakyTools = loggingTools(
        leaky,
        () =>
          'case "$1" in --version) echo "pg_dump (PostgreSQL) 99.0"; exit 0;; esac\necho "FATAL: password \\"$PGPASSWORD\\" rejected for postgres://postgres:$PGPASSWORD@db/x" >&2\nexit 1',
      );
      const error = await driverFor(url.toString(), (names) => (names[0] === 'pg_dump' ? leakyTools(names) : tools(names)))
        .create(leaky, { method: 'pg_dump' })
        .catch((e: Error) => e);
      expect((error as Error).message).toBe('pg_dump exited with code 1: FATAL: password "***" rejected for postgres://postgres:***@db/x');
      rmSync(leaky, { recursive: true, force: true });
    } finally {
      rmSync(logDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it.runIf(testsOn('mysql'))('MariaDB: a 0600 option file only, and tool stderr is redacted', async () => {
    const db = await createScratchDatabase('mysql');
    const user = `dihya_pw_${process.pid}`;
    const secret = 'p@ss"w#rd\\x;';
    const database = new URL(db.url).pathname.slice(1);
    const url = new URL(db.url);
    url.username = user;
    url.password = encodeURIComponent(secret);
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-backup-'));
    const log = path.join(logDir, 'calls.log');
    try {
      await withMysql(async (c) => {
        await c.query(`drop user if exists '${user}'@'%'`);
        await c.query(`create user '${user}'@'%' identified by ?`, [secret]);
        await c.query(`grant all on \`${database}\`.* to '${user}'@'%'`);
      });
      await withMysql(async (c) => {
        await c.query('create table t (a int primary key, b varbinary(4))');
        await c.query('insert into t values (1, 0x00ff), (2, null)');
      }, db.url);
      const logged = loggingTools(
        logDir,
        (real) => `f="\${1#--defaults-extra-file=}"\necho "$(basename "$0") $* mode=$(stat -c %a "$f" 2>/dev/null)" >> ${log}\nexec ${real} "$@"`,
      );
      const driver = driverFor(url.toString(), logged);
      const result = await driver.create(dir);
      expect(result).toMatchObject({ method: 'mysqldump', rowCounts: { t: 2 } });
      await withMysql((c) => c.query('delete from t'), db.url);
      await driver.restore(dir, result, url.toString());
      expect(await withMysql(async (c) => (await c.query('select a, hex(b) as b from t order by a'))[0], db.url)).toEqual([
        { a: 1, b: '00FF' },
        { a: 2, b: null },
      ]);
      const calls = readFileSync(log, 'utf8');
      expect(calls).toMatch(/mariadb-dump --defaults-extra-file=\S+ --single-transaction .* mode=600/);
      expect(calls).toMatch(/mariadb --defaults-extra-file=\S+ .* mode=600/);
      expect(calls).not.toContain('p@ss');

      const leaky = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
      const leakyTools = loggingTools(
        leaky,
        () => `case "$1" in --version) echo "mariadb-dump Ver 10.19 Distrib 10.11.6-MariaDB"; exit 0;; esac\ncat "\${1#--defaults-extra-file=}" >&2\nexit 2`,
      );
      const leakyDir = path.join(dir, 'leaky');
      mkdirSync(leakyDir);
      const error = await driverFor(url.toString(), leakyTools)
        .create(leakyDir)
        .catch((e: Error) => e);
      expect((error as Error).message).toMatch(/mariadb-dump exited with code 2: \[client\]/);
      expect((error as Error).message).toContain('password="***"');
      expect((error as Error).message).not.toContain('p@ss');
      rmSync(leaky, { recursive: true, force: true });
    } finally {
      await withMysql((c) => c.query(`drop user if exists '${user}'@'%'`));
      rmSync(logDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
