import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from '../src/database/connect.ts';
import { DihyaError } from '../src/errors/dihya-error.ts';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { SQLITE_BACKUP_FILE, sqliteBackupDriver } from '../src/database/dialects/sqlite/backup-driver.ts';
import { cloneSqliteSchema } from '../src/database/dialects/sqlite/sqlite-clone-schema.ts';
import { openNodeSqlite } from '../src/database/dialects/sqlite/node-sqlite-database.ts';

type SqliteSpec = Extract<ReturnType<typeof parseTargetUrl>, { dialect: 'sqlite' }>;
const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-sqlite-edges-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const specOf = (url: string) => parseTargetUrl(url) as SqliteSpec;
/** Size and SHA-256 of a file, read here in one go (what the backup must have recorded). */
const digestOf = (file: string) => ({ size: statSync(file).size, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') });

function database(name: string, statements: string[]): string {
  const file = path.join(work, name);
  const db = new DatabaseSync(file);
  for (const statement of statements) db.exec(statement);
  db.close();
  return file;
}

describe('SQLite backup driver: bad inputs and damaged files', () => {
  it('refuses an unknown method, a file that does not exist, and an in-memory database', async () => {
    const file = database('a.db', ['create table t (id integer primary key)']);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    const dir = path.join(work, 'b-method');
    mkdirSync(dir);
    await expect(driver.create(dir, { method: 'pg_dump' as never })).rejects.toThrow('Unknown SQLite backup method "pg_dump": use "sqlite-backup" (or "auto")');
    await expect(sqliteBackupDriver(specOf(`sqlite:${path.join(work, 'none.db')}`)).create(dir)).rejects.toThrow(/Cannot back up .*none\.db does not exist/);
    await expect(sqliteBackupDriver(specOf('sqlite::memory:')).create(dir)).rejects.toThrow(/sqlite::memory: cannot be backed up or restored.*Use a file/);
  });

  it('a table-scoped backup holds only its tables; restoring refuses another method, a non-SQLite URL and a missing file', async () => {
    const file = database('scoped.db', [
      'create table a (id integer primary key)',
      'create table b (id integer primary key)',
      'insert into a values (1), (2)',
      'insert into b values (1)',
    ]);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    const dir = path.join(work, 'b-scoped');
    mkdirSync(dir);
    const result = await driver.create(dir, { method: 'sqlite-backup', tables: ['a'] });
    const copy = path.join(dir, SQLITE_BACKUP_FILE);
    expect(result).toEqual({
      method: 'sqlite-backup',
      files: [SQLITE_BACKUP_FILE],
      rowCounts: { a: 2 },
      tables: ['a'],
      digests: { [SQLITE_BACKUP_FILE]: digestOf(copy) },
    });
    await expect(driver.restore(dir, { ...result, method: 'pg_dump' }, `sqlite:${file}`)).rejects.toThrow(
      'A SQLite database cannot be restored from a "pg_dump" backup',
    );
    await expect(driver.restore(dir, result, 'postgres://u:secret@h/db')).rejects.toThrow(
      /^Cannot restore a SQLite backup into postgres:\/\/u:\*+@h\/db: not a SQLite URL$/,
    );
    await expect(driver.restore(path.join(work, 'nowhere'), result, `sqlite:${file}`)).rejects.toThrow(/^Backup file missing: /);
    // The scoped restore puts back the table's rows and leaves b as it is.
    const db = new DatabaseSync(file);
    db.exec('delete from a; insert into b values (2)');
    db.close();
    await driver.restore(dir, result, `sqlite:${file}`);
    const after = new DatabaseSync(file, { readOnly: true });
    expect(after.prepare('select count(*) as n from a').get()).toEqual({ n: 2 });
    expect(after.prepare('select count(*) as n from b').get()).toEqual({ n: 2 });
    after.close();
  });

  it('a restore that fails says nothing was changed', async () => {
    const file = database('src.db', ['create table a (id integer primary key)']);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    const dir = path.join(work, 'b-fail');
    mkdirSync(dir);
    const result = await driver.create(dir);
    const notADatabase = path.join(work, 'garbage.db');
    writeFileSync(notADatabase, 'this is not a database file at all, it is long enough to have a header'.repeat(20));
    await expect(driver.restore(dir, result, `sqlite:${notADatabase}`)).rejects.toThrow(/^Could not restore into .*garbage\.db \(nothing was changed\): /);
  });

  it('checkComplete: a missing copy, a bad header, a short file and a truncated one', async () => {
    const file = database('big.db', [
      'create table t (v text)',
      'insert into t select hex(randomblob(500)) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 200) select i from n)',
    ]);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    const dir = path.join(work, 'b-check');
    mkdirSync(dir);
    await expect(driver.checkComplete(dir, { method: 'sqlite-backup', files: [SQLITE_BACKUP_FILE] })).rejects.toThrow('database.sqlite is missing');
    await driver.create(dir);
    await expect(driver.checkComplete(dir, { method: 'sqlite-backup', files: [SQLITE_BACKUP_FILE] })).resolves.toBeUndefined();
    const copy = path.join(dir, SQLITE_BACKUP_FILE);
    const bytes = readFileSync(copy);
    writeFileSync(copy, bytes.subarray(0, bytes.length - 4096));
    await expect(driver.checkComplete(dir, { method: 'sqlite-backup', files: [] })).rejects.toThrow(
      /^database\.sqlite is truncated: \d+ bytes where its header announces \d+$/,
    );
    writeFileSync(copy, bytes.subarray(0, 50));
    await expect(driver.checkComplete(dir, { method: 'sqlite-backup', files: [] })).rejects.toThrow('database.sqlite is not a SQLite database (bad header)');
    writeFileSync(copy, Buffer.concat([Buffer.from('Not SQLite at all'), bytes.subarray(17, 200)]));
    await expect(driver.checkComplete(dir, { method: 'sqlite-backup', files: [] })).rejects.toThrow('(bad header)');
  });

  it('cloneSchema refuses another dialect, an in-memory side and a source that does not exist', async () => {
    const file = database('clone.db', ['create table t (id integer primary key, v text)', 'insert into t values (1, 2)']);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    await expect(driver.cloneSchema('mysql://root@h/x')).rejects.toThrow('Cannot copy a SQLite schema into mysql://root@h/x: not a SQLite URL');
    await expect(driver.cloneSchema('sqlite::memory:')).rejects.toThrow(/sqlite::memory: cannot take part in a schema copy/);
    await expect(sqliteBackupDriver(specOf('sqlite::memory:')).cloneSchema(`sqlite:${path.join(work, 'x.db')}`)).rejects.toThrow(
      /cannot take part in a schema copy/,
    );
    await expect(sqliteBackupDriver(specOf(`sqlite:${path.join(work, 'absent.db')}`)).cloneSchema(`sqlite:${path.join(work, 'y.db')}`)).rejects.toThrow(
      /absent\.db does not exist/,
    );
    const copy = path.join(work, 'clone-copy.db');
    await driver.cloneSchema(`sqlite:${copy}`);
    const db = new DatabaseSync(copy, { readOnly: true });
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('SQLite schema copy and the node:sqlite wrapper', () => {
  it('copies tables, indexes, views and triggers in order with user_version, skipping FTS shadow tables', () => {
    const file = database('full-schema.db', [
      'create table t (id integer primary key, v text)',
      'create view tv as select v from t',
      'create index t_v on t (v)',
      'create trigger t_ai after insert on t begin select 1; end',
      'create virtual table docs using fts5(body)',
      'pragma user_version = 7',
    ]);
    const copy = path.join(work, 'full-schema-copy.db');
    cloneSqliteSchema(file, copy);
    const db = new DatabaseSync(copy, { readOnly: true });
    const names = (
      db.prepare("select type, name from sqlite_master where name not like 'docs\\_%' escape '\\' order by name").all() as { type: string; name: string }[]
    ).map((r) => `${r.type}:${r.name}`);
    expect(names).toEqual(['table:docs', 'table:t', 'trigger:t_ai', 'index:t_v', 'view:tv']);
    expect(db.prepare('pragma user_version').get()).toEqual({ user_version: 7 });
    db.close();
  });

  it('refuses a destination that is not empty, and names the object it could not recreate', () => {
    const file = database('one.db', ['create table t (id integer primary key)']);
    const full = database('not-empty.db', ['create table other (id int)']);
    expect(() => cloneSqliteSchema(file, full)).toThrow(/Cannot copy the schema into .*not-empty\.db: it is not empty \(it holds other…\)/);
    // An index on a function only the source's connection had cannot be recreated: nothing is left behind.
    const odd = path.join(work, 'odd.db');
    const db = new DatabaseSync(odd);
    db.function('app_fold', { deterministic: true }, (v) => String(v).toLowerCase());
    db.exec('create table u (v text); create index u_fold on u (app_fold(v))');
    db.close();
    const copy = path.join(work, 'odd-copy.db');
    expect(() => cloneSqliteSchema(odd, copy)).toThrow(/^Could not recreate index u_fold in the copy: .*app_fold/);
    const check = new DatabaseSync(copy, { readOnly: true });
    expect(check.prepare('select count(*) as n from sqlite_master').get()).toEqual({ n: 0 });
    check.close();
  });

  it('openNodeSqlite binds booleans, dates and undefined, and keeps at most 100 prepared statements', () => {
    const db = openNodeSqlite(path.join(work, 'wrapper.db'), { busyTimeoutMs: 100 });
    db.exec('create table v (b int, d text, u text)');
    const when = new Date('2026-12-03T18:00:00.000Z');
    expect(db.prepare('insert into v values (?, ?, ?)').reader).toBe(false);
    db.prepare('insert into v values (?, ?, ?)').run([true, when, undefined]);
    db.prepare('insert into v values (?, ?, ?)').run([false, 'x', null]);
    const select = db.prepare('select * from v order by b');
    expect(select.reader).toBe(true);
    expect(select.all()).toEqual([
      { b: 0, d: 'x', u: null },
      { b: 1, d: '2026-12-03T18:00:00.000Z', u: null },
    ]);
    expect([...db.prepare('select b from v where b = ?').iterate([true])]).toEqual([{ b: 1 }]);
    for (let i = 0; i < 120; i++) db.prepare(`select ${i} as n`);
    expect(db.prepare('select 5 as n').all()).toEqual([{ n: 5 }]);
    db.close();
    db.close(); // closing twice is harmless
    expect(db.raw.isOpen).toBe(false);
  });
});

describe('SQLite backup and restore: excluded tables, counters, generated columns, a locked target', () => {
  it('drops excluded tables from the copy (compacting it when they were most of it), keeps AUTOINCREMENT counters and generated columns', async () => {
    const file = database('rich.db', [
      'create table orders (id integer primary key autoincrement, qty int, twice int generated always as (qty * 2) stored)',
      'insert into orders (qty) values (1), (2), (3)',
      'delete from orders where id = 3',
      'create table dihya_audit (line text)',
      'insert into dihya_audit select hex(randomblob(800)) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 300) select i from n)',
      'create table dihya_small (x int)',
      'pragma user_version = 3',
    ]);
    const driver = sqliteBackupDriver(specOf(`sqlite:${file}`));
    const dir = path.join(work, 'b-rich');
    mkdirSync(dir);
    const big = statSync(file).size;
    const result = await driver.create(dir, { exclude: ['DIHYA_AUDIT', 'dihya_small', 'not_there'] });
    expect(result.rowCounts).toEqual({ orders: 2 });
    expect(statSync(path.join(dir, SQLITE_BACKUP_FILE)).size).toBeLessThan(big / 2);
    // The restore into a fresh file brings the counter, the generated values and the user_version.
    const fresh = path.join(work, 'rich-restored.db');
    new DatabaseSync(fresh).close();
    await driver.restore(dir, result, `sqlite:${fresh}`);
    const db = new DatabaseSync(fresh);
    db.exec('insert into orders (qty) values (10)');
    expect(db.prepare('select id, twice from orders order by id').all()).toEqual([
      { id: 1, twice: 2 },
      { id: 2, twice: 4 },
      { id: 4, twice: 20 },
    ]);
    expect(db.prepare('pragma user_version').get()).toEqual({ user_version: 3 });
    db.close();
  });

  it('a restore waits for another write transaction, then says the database stayed locked', async () => {
    const file = database('locked-src.db', ['create table t (id int)']);
    const dir = path.join(work, 'b-locked');
    mkdirSync(dir);
    const result = await sqliteBackupDriver(specOf(`sqlite:${file}`)).create(dir);
    const targetFile = database('locked-target.db', ['create table t (id int)']);
    const holder = new DatabaseSync(targetFile);
    holder.exec('begin immediate');
    try {
      const driver = sqliteBackupDriver(specOf(`sqlite:${file}`), { busyTimeoutMs: 200 });
      await expect(driver.restore(dir, result, `sqlite:${targetFile}`)).rejects.toThrow(
        /the database stayed locked by another connection \(waited \d+ s\)\. Finish or close/,
      );
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });
});

describe('connecting to SQLite', () => {
  it('refuses a file in a folder that does not exist, and a missing file when it must not be created', async () => {
    const inMissingFolder = await connect(`sqlite:${path.join(work, 'no-folder', 'app.db')}`).catch((e: unknown) => e as DihyaError);
    expect(inMissingFolder).toBeInstanceOf(DihyaError);
    expect((inMissingFolder as DihyaError).hint.length).toBeGreaterThan(0);
    const missing = await connect(`sqlite:${path.join(work, 'not-created.db')}`, work, { create: false }).catch((e: unknown) => e as DihyaError);
    expect((missing as DihyaError).code).toBe('SQLITE_FILE_MISSING');
    expect(existsSync(path.join(work, 'not-created.db'))).toBe(false);
    const memory = await connect('sqlite::memory:', work, { create: false });
    await memory.close();
  });
});

describe('SQLite backup: the file copied under SQLite locks, or the online backup API when it cannot be', () => {
  const rowsOf = (file: string, table = 't') => {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      return Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
    } finally {
      db.close();
    }
  };
  const backUp = async (file: string, name: string) => {
    const dir = path.join(work, name);
    mkdirSync(dir);
    const result = await sqliteBackupDriver(specOf(`sqlite:${file}`)).create(dir, { exclude: ['dihya_audit'] });
    const copy = path.join(dir, SQLITE_BACKUP_FILE);
    const db = new DatabaseSync(copy, { readOnly: true });
    try {
      expect(db.prepare('pragma journal_mode').get()).toEqual({ journal_mode: 'delete' });
      expect(db.prepare('pragma integrity_check').get()).toEqual({ integrity_check: 'ok' });
    } finally {
      db.close();
    }
    expect(existsSync(`${copy}-wal`)).toBe(false);
    expect(result.digests?.[SQLITE_BACKUP_FILE]).toEqual(digestOf(copy));
    return { result, copy };
  };
  const walDatabase = (name: string) => {
    const file = database(name, ['pragma journal_mode = wal', 'create table t (id integer primary key, v text)', 'create table dihya_audit (line text)']);
    const keeper = new DatabaseSync(file); // keeps the WAL from being checkpointed away on close
    keeper.exec(
      'insert into t (v) select hex(randomblob(100)) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 500) select i from n)',
    );
    return { file, keeper };
  };

  it('rollback journal: copies the pages the header counts, trailing bytes left out', async () => {
    const file = database('journal.db', [
      'create table t (id integer primary key)',
      'insert into t values (1), (2), (3)',
      'create table dihya_audit (line text)',
    ]);
    const pages = statSync(file).size;
    writeFileSync(file, Buffer.alloc(4096), { flag: 'a' });
    const { result, copy } = await backUp(file, 'b-journal');
    expect(result.rowCounts).toEqual({ t: 3 });
    expect(statSync(copy).size).toBeLessThanOrEqual(pages);
  });

  it('WAL: committed frames not yet checkpointed are in the copy', async () => {
    const { file, keeper } = walDatabase('wal-ok.db');
    try {
      expect(existsSync(`${file}-wal`)).toBe(true);
      const { result, copy } = await backUp(file, 'b-wal-ok');
      expect(result.rowCounts).toEqual({ t: 500 });
      expect(rowsOf(copy)).toBe(500);
    } finally {
      keeper.close();
    }
  });

  it('WAL: a reader holding an old snapshot, or a writer holding the write lock, leaves it to the online backup API', async () => {
    const { file, keeper } = walDatabase('wal-busy.db');
    const reader = new DatabaseSync(file);
    try {
      reader.exec('begin');
      reader.prepare('select count(*) from t').get(); // this snapshot keeps the next frames from being checkpointed
      keeper.exec('insert into t (v) values (1), (2)');
      expect((await backUp(file, 'b-wal-reader')).result.rowCounts).toEqual({ t: 502 });
      reader.exec('commit');
      keeper.exec('begin immediate');
      keeper.exec('insert into t (v) values (3)'); // not committed: not in the backup
      expect((await backUp(file, 'b-wal-writer')).result.rowCounts).toEqual({ t: 502 });
      keeper.exec('commit');
    } finally {
      reader.close();
      keeper.close();
    }
  });

  it('WAL: rows committed while the file is copied are not in it, and the copy is one committed state', async () => {
    const { file, keeper } = walDatabase('wal-racing.db');
    try {
      keeper.exec('create table pairs (side text)');
      keeper.exec(
        'insert into t (v) select hex(randomblob(1000)) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) select i from n)',
      );
      let writes = 0;
      let writing = true;
      const writer = (async () => {
        while (writing) {
          keeper.exec("begin; insert into pairs values ('a'); insert into pairs values ('b'); commit");
          writes++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const { copy } = await backUp(file, 'b-wal-racing');
      writing = false;
      await writer;
      const db = new DatabaseSync(copy, { readOnly: true });
      try {
        const sides = db.prepare('select side, count(*) as n from pairs group by side').all() as { side: string; n: number }[];
        expect(new Set(sides.map((s) => s.n)).size).toBeLessThanOrEqual(1);
        expect(sides.reduce((sum, s) => sum + s.n, 0)).toBeLessThan(2 * writes + 1);
      } finally {
        db.close();
      }
    } finally {
      keeper.close();
    }
  });
});
