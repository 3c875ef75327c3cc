import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupDriver } from '../src/database/backup-driver.ts';
import { findClientTool, noClientTools, type ClientToolFinder } from '../src/tools/find-client-tool.ts';
import { connect } from '../src/database/connect.ts';
import { mysqlBackupDriver } from '../src/database/dialects/mysql/backup-driver.ts';
import { postgresBackupDriver } from '../src/database/dialects/postgres/backup-driver.ts';
import { sqliteBackupDriver } from '../src/database/dialects/sqlite/backup-driver.ts';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { buildFixture } from './helpers/backup-fixture.ts';
import { createScratchDatabase, testsOn, type Dialect } from './helpers/databases.ts';
import { query, schemaOf } from './helpers/tables.ts';

/** The backup driver of the database at `url`, with the given client tool lookup. */
function driverFor(url: string, findTool: ClientToolFinder): BackupDriver {
  const spec = parseTargetUrl(url);
  if (spec.dialect === 'sqlite') return sqliteBackupDriver(spec);
  if (spec.dialect === 'postgres') return postgresBackupDriver(spec, { findTool });
  return mysqlBackupDriver(spec, { findTool });
}

/**
 * A tool lookup that finds the real tools but hands out, for `tool`, a wrapper script that logs its
 * arguments into `log` before running the real one: proof that the tool path was taken, and of
 * what was on its command line.
 */
function loggingTools(tool: string): { findTool: ClientToolFinder; log: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-tools-'));
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  const real = findClientTool([tool]);
  if (!real) throw new Error(`${tool} is not installed`);
  const wrapper = path.join(dir, tool);
  writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return {
    findTool: (names) => (names[0] === tool ? wrapper : findClientTool(names)),
    log,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const snapshot = schemaOf;

/** Row count of every table of the snapshot. */
async function rowCounts(url: string, tables: string[]): Promise<Record<string, number>> {
  const target = await connect(url);
  try {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(target.db);
      counts[table] = Number(rows[0]!.n);
    }
    return counts;
  } finally {
    await target.close();
  }
}

/** What the schema snapshot leaves out but the copy should have: triggers, sequences, types, routines (sorted names). */
async function otherObjects(dialect: Dialect, url: string): Promise<Record<string, string[]>> {
  const names = async (text: string) => (await query<{ name: string }>(url, text)).map((r) => String(r.name)).sort();
  if (dialect === 'sqlite') return { triggers: await names("select name from sqlite_master where type = 'trigger'") };
  if (dialect === 'postgres') {
    const user = `n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'`;
    return {
      triggers: await names('select tgname as name from pg_trigger where not tgisinternal'),
      sequences: await names(
        `select c.oid::regclass::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and ${user}`,
      ),
      enums: await names(`select t.typname || ':' || (select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum where enumtypid = t.oid) as name
        from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.typtype = 'e' and ${user}`),
      functions: await names(`select p.oid::regprocedure::text as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${user}`),
      schemas: await names(`select n.nspname as name from pg_namespace n where ${user}`),
    };
  }
  return {
    triggers: await names('select trigger_name as name from information_schema.triggers where trigger_schema = database()'),
    sequences: await names("select table_name as name from information_schema.tables where table_schema = database() and table_type = 'SEQUENCE'"),
    routines: await names("select concat(routine_type, ' ', routine_name) as name from information_schema.routines where routine_schema = database()"),
    events: await names('select event_name as name from information_schema.events where event_schema = database()'),
  };
}

interface CloneCase {
  name: string;
  dialect: Dialect;
  /** Tool whose use is checked through a logging wrapper, with what its command line must hold. */
  tool?: { name: string; args: RegExp };
  /** Tool lookup for the driver-only fallback. */
  findTool?: ClientToolFinder;
  /** A password in the URL (accepted by trust auth) that must not reach a command line. */
  password?: string;
}

const CASES: CloneCase[] = [
  { name: 'SQLite: sqlite_master replayed', dialect: 'sqlite' },
  { name: 'PostgreSQL: pg_dump --schema-only | psql', dialect: 'postgres', tool: { name: 'pg_dump', args: /--schema-only/ }, password: 'cl0ne-s3cret' },
  { name: 'PostgreSQL: catalog DDL (no client tools)', dialect: 'postgres', findTool: noClientTools },
  {
    name: 'MariaDB: mariadb-dump --no-data, replayed by the client',
    dialect: 'mysql',
    tool: { name: 'mariadb-dump', args: /--no-data.*--routines.*--triggers/ },
  },
  { name: 'MariaDB: SHOW CREATE through the driver (no client tools)', dialect: 'mysql', findTool: noClientTools },
];

const timings: string[] = [];
afterAll(() => {
  if (timings.length > 0) console.info(`cloneSchema timings:\n${timings.join('\n')}`);
});

describe('cloneSchema: the schema without the rows', () => {
  it.each(CASES.filter((c) => testsOn(c.dialect)))('$name', async (c) => {
    const db = await createScratchDatabase(c.dialect);
    const logging = c.tool ? loggingTools(c.tool.name) : undefined;
    let url = db.url;
    if (c.password) {
      const withPassword = new URL(db.url);
      withPassword.password = c.password;
      url = withPassword.toString();
    }
    try {
      await buildFixture(c.dialect, db.url, db.file);
      const source = await snapshot(url);
      const sourceObjects = await otherObjects(c.dialect, url);
      const sourceCounts = await rowCounts(url, Object.keys(source.tables));
      expect(Object.values(sourceCounts).some((n) => n > 0)).toBe(true);

      const driver = driverFor(url, logging?.findTool ?? c.findTool ?? ((names) => findClientTool(names)));
      const scratch = await driver.createScratch();
      try {
        const started = Date.now();
        await driver.cloneSchema(scratch.url);
        timings.push(`  ${c.name}: ${Date.now() - started} ms`);

        const copy = await snapshot(scratch.url);
        expect(Object.keys(copy.tables).length).toBeGreaterThan(3);
        expect(Object.keys(copy.views).length).toBeGreaterThan(0);
        expect(copy).toEqual(source);
        const copyCounts = await rowCounts(scratch.url, Object.keys(copy.tables));
        expect(Object.values(copyCounts).every((n) => n === 0)).toBe(true);

        const copyObjects = await otherObjects(c.dialect, scratch.url);
        // Events would run on schedule in the copy: they are left out on purpose.
        if (c.dialect === 'mysql') expect(copyObjects).toEqual({ ...sourceObjects, events: [] });
        else expect(copyObjects).toEqual(sourceObjects);

        // The copy is a working schema: defaults, sequences and triggers fire there.
        if (c.dialect !== 'sqlite') {
          await query(scratch.url, "insert into customers (email, name) values ('copy@example.com', 'copy')");
          const [row] = await query<{ id: number | string }>(scratch.url, 'select id from customers');
          expect(Number(row!.id)).toBeGreaterThan(0);
        }

        // The target itself is not empty: cloning into it is refused, and it is left as it was.
        await expect(driver.cloneSchema(url)).rejects.toThrow(/not empty/);
        expect(await snapshot(url)).toEqual(source);
        expect(await rowCounts(url, Object.keys(source.tables))).toEqual(sourceCounts);
      } finally {
        await scratch.drop();
      }

      if (logging) {
        const calls = readFileSync(logging.log, 'utf8');
        expect(calls).toMatch(c.tool!.args);
        if (c.password) expect(calls).not.toContain(c.password);
      }
    } finally {
      logging?.cleanup();
      await db.drop();
    }
  });

  it.runIf(testsOn('sqlite'))('SQLite: virtual tables (not their shadow tables), user_version, views in any order, INSTEAD OF triggers', async () => {
    const db = await createScratchDatabase('sqlite');
    try {
      const source = new DatabaseSync(db.file!);
      source.exec(`pragma user_version = 7;
        create table notes (id integer primary key, body text not null) strict;
        create virtual table notes_fts using fts5 (body, content = 'notes', content_rowid = 'id');
        create view base_notes as select id, body from notes;
        create view long_notes as select * from base_notes where length(body) > 10;
        drop view base_notes;
        create view base_notes as select id, body from notes;
        create trigger long_notes_insert instead of insert on long_notes begin insert into notes (body) values (new.body); end;
        insert into notes (body) values ('a rather long note'), ('short');
        insert into notes_fts (rowid, body) select id, body from notes;`);
      source.close();
      const driver = driverFor(db.url, noClientTools);
      const scratch = await driver.createScratch();
      try {
        await driver.cloneSchema(scratch.url);
        expect(await snapshot(scratch.url)).toEqual(await snapshot(db.url));
        const master = 'select type, name, sql from sqlite_master order by type, name';
        expect(await query(scratch.url, master)).toEqual(await query(db.url, master));
        expect(await query(scratch.url, 'pragma user_version')).toEqual([{ user_version: 7 }]);
        expect(await query(scratch.url, 'select count(*) as n from notes_fts')).toEqual([{ n: 0 }]);
        await query(scratch.url, "insert into long_notes (id, body) values (null, 'through the view')");
        expect(await query(scratch.url, 'select body from notes')).toEqual([{ body: 'through the view' }]);
      } finally {
        await scratch.drop();
      }
    } finally {
      await db.drop();
    }
  });

  it.skipIf(!testsOn('postgres')).each([
    ['pg_dump', (names: readonly string[]) => findClientTool(names)],
    ['catalog', noClientTools],
  ] as const)('PostgreSQL (%s): a database without the public schema gets a copy without it', async (_how, findTool) => {
    const db = await createScratchDatabase('postgres');
    try {
      await query(
        db.url,
        `drop schema public cascade; create schema app;
        create type app.status as enum ('new', 'done');
        create table app.tasks (id bigint generated by default as identity primary key, status app.status not null default 'new', title text unique);
        insert into app.tasks (title) values ('one'), ('two');`,
      );
      const driver = driverFor(db.url, findTool);
      const scratch = await driver.createScratch();
      try {
        await driver.cloneSchema(scratch.url);
        expect(await snapshot(scratch.url)).toEqual(await snapshot(db.url));
        expect(await otherObjects('postgres', scratch.url)).toEqual(await otherObjects('postgres', db.url));
        expect((await otherObjects('postgres', scratch.url)).schemas).toEqual(['app']);
        expect(await query(scratch.url, 'select count(*)::int as n from app.tasks')).toEqual([{ n: 0 }]);
      } finally {
        await scratch.drop();
      }
    } finally {
      await db.drop();
    }
  });

  it.runIf(testsOn('sqlite'))('refuses a destination of another dialect', async () => {
    const db = await createScratchDatabase('sqlite');
    try {
      await buildFixture('sqlite', db.url, db.file);
      await expect(driverFor(db.url, noClientTools).cloneSchema('postgres://postgres@127.0.0.1:5432/x')).rejects.toThrow(/not a SQLite URL/);
    } finally {
      await db.drop();
    }
  });
});
