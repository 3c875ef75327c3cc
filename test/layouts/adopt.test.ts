import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flywayChecksum } from '../../src/adopt/tool-checksums.ts';
import { connect } from '../../src/database/connect.ts';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, withMysql, type ScratchDatabase } from '../helpers/databases.ts';
import { query, tableExists } from '../helpers/tables.ts';
import { LAYOUT_TREES, layoutsDatabase, writeTree } from './layout-fixtures.ts';

/** Runs SQL text on the database as the other tool would have (BEGIN/COMMIT wrappers dropped). */
async function applyByHand(url: string, dialect: ScratchDatabase['dialect'], texts: string[]): Promise<void> {
  const target = await connect(url);
  try {
    for (const text of texts) {
      for (const statement of splitSqlStatements(text, dialect)) {
        if (/^(begin|commit|rollback)$/i.test(statement.sql.trim())) continue;
        await sql.raw(statement.sql).execute(target.db);
      }
    }
  } finally {
    await target.close();
  }
}

const sha = (kind: 'sha256' | 'sha1', text: string) => createHash(kind).update(text, 'utf8').digest('hex');

describe.each(DIALECTS)('adoption on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: string;
  let migrations: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
  const auditText = async () => (await cli(['audit', 'show', '--limit', '200', '--url', db.url], project)).stdout;

  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    project = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-adopt-'));
    migrations = path.join(project, 'migrations');
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  const tree = (layout: keyof typeof LAYOUT_TREES) => {
    writeTree(migrations, LAYOUT_TREES[layout]);
    return LAYOUT_TREES[layout];
  };

  it('baseline: records the migrations up to a version without running them, after a backup; audited', async () => {
    const files = tree('flyway');
    await applyByHand(db.url, dialect, [files['V1__create_users.sql']!, files['V1.2__seed.sql']!]);
    const wrong = await run('baseline', '7');
    expect(wrong.code).toBe(2);
    const base = await run('baseline', '1.2');
    expect(base.code, base.stdout + base.stderr).toBe(0);
    expect(base.json.recorded).toEqual(['V1__create_users', 'V1.2__seed']);
    expect(base.json.backup).toEqual(expect.any(String));
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['V1.10__orders', 'R__user_names']);
    expect(await query(db.url, 'select name from users')).toEqual([{ name: 'ada' }]);
    expect(await auditText()).toMatch(/history\.baselined/);
  });

  it('import-history from flyway_schema_history, checksums compared as Flyway computes them', async () => {
    const files = tree('flyway');
    await applyByHand(db.url, dialect, [files['V1__create_users.sql']!, files['V1.2__seed.sql']!, files['R__user_names.sql']!]);
    await query(
      db.url,
      'create table flyway_schema_history (installed_rank int not null primary key, version varchar(50), description varchar(200) not null, type varchar(20) not null, script varchar(1000) not null, checksum int, installed_by varchar(100) not null, installed_on timestamp not null, execution_time int not null, success boolean not null)',
    );
    const rows: [number, string | null, string, string][] = [
      [1, '1', 'create users', 'V1__create_users.sql'],
      [2, '1.2', 'seed', 'V1.2__seed.sql'],
      [3, null, 'user names', 'R__user_names.sql'],
    ];
    for (const [rank, version, description, script] of rows) {
      const checksum = flywayChecksum(files[script]!);
      await query(
        db.url,
        `insert into flyway_schema_history values (${rank}, ${version === null ? 'null' : `'${version}'`}, '${description}', 'SQL', '${script}', ${checksum}, 'flyway', '2024-01-0${rank} 10:00:00', 12, true)`,
      );
    }
    // an edited file is refused until reviewed
    writeFileSync(path.join(migrations, 'V1.2__seed.sql'), `${files['V1.2__seed.sql']!}-- edited\n`);
    const edited = await run('import-history');
    expect(edited.code).toBe(2);
    expect(edited.stdout + edited.stderr).toMatch(/IMPORT_CHECKSUM_MISMATCH|edited after flyway applied it/);
    writeFileSync(path.join(migrations, 'V1.2__seed.sql'), files['V1.2__seed.sql']!);

    const imported = await run('import-history');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ tool: 'flyway', applied: ['V1__create_users', 'V1.2__seed', 'R__user_names'], failed: [] });
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['V1.10__orders']);
    expect(await auditText()).toMatch(/history\.imported/);
  });

  it('import-history from golang-migrate schema_migrations: versions up to it applied, a dirty one failed until cleared by repair', async () => {
    const files = tree('golang-migrate');
    await applyByHand(db.url, dialect, [files['000001_create_users.up.sql']!, files['000002_seed.up.sql']!]);
    await query(db.url, 'create table schema_migrations (version bigint not null primary key, dirty boolean not null)');
    await query(db.url, 'insert into schema_migrations values (10, true)');
    const imported = await run('import-history');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ tool: 'golang-migrate', applied: ['000001_create_users', '000002_seed'], failed: ['000010_orders'] });
    expect((await run('up')).code).not.toBe(0); // interrupted until settled

    const noReason = await run('repair', '000010', '--clear-failed');
    expect(noReason.code).toBe(2);
    const cleared = await run('repair', '000010', '--clear-failed', '--reason', 'orders table checked: absent');
    expect(cleared.code, cleared.stdout + cleared.stderr).toBe(0);
    const up = await run('up');
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['000010_orders']);
    expect(await tableExists(db.url, 'orders')).toBe(true);
  });

  it('import-history from _prisma_migrations, checksum = SHA-256 of migration.sql', async () => {
    const files = tree('prisma');
    const applied = ['20240101000000_create_users', '20240102000000_seed'];
    await applyByHand(
      db.url,
      dialect,
      applied.map((name) => files[`${name}/migration.sql`]!),
    );
    await query(
      db.url,
      'create table _prisma_migrations (id varchar(36) primary key not null, checksum varchar(64) not null, finished_at timestamp null, migration_name varchar(255) not null, logs text, rolled_back_at timestamp null, started_at timestamp not null, applied_steps_count integer not null)',
    );
    for (const [i, name] of applied.entries()) {
      const checksum = sha('sha256', files[`${name}/migration.sql`]!);
      await query(
        db.url,
        `insert into _prisma_migrations values ('id-${i}', '${checksum}', '2024-01-0${i + 1} 10:00:01', '${name}', null, null, '2024-01-0${i + 1} 10:00:00', 1)`,
      );
    }
    const imported = await run('import-history', '--from', 'prisma');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json.applied).toEqual(applied);
    const up = await run('up');
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['20240103000000_orders']);
  });

  it('import-history from knex_migrations onto files of this layout with the same names', async () => {
    writeTree(migrations, {
      '20240101000000_create_users.sql': '-- migrate:up\ncreate table users (id integer primary key, name varchar(40));\n-- migrate:down\ndrop table users;\n',
      '20240102000000_orders.sql': '-- migrate:up\ncreate table orders (id integer primary key);\n-- migrate:down\ndrop table orders;\n',
    });
    await query(db.url, 'create table users (id integer primary key, name varchar(40))');
    await query(db.url, 'create table knex_migrations (id integer primary key, name varchar(255), batch integer, migration_time timestamp)');
    await query(db.url, "insert into knex_migrations values (1, '20240101000000_create_users.js', 1, '2024-01-01 10:00:00')");
    const imported = await run('import-history');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.json).toMatchObject({ tool: 'knex', applied: ['20240101000000_create_users'] });
    const up = await run('up');
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['20240102000000_orders']);
  });

  it.skipIf(dialect === 'sqlite')('import-history from the Sqitch registry (script_hash = SHA-1 of the deploy script)', async () => {
    const files = tree('sqitch');
    await applyByHand(db.url, dialect, [files['deploy/users.sql']!, files['deploy/seed.sql']!]);
    const registry = dialect === 'postgres' ? 'sqitch' : `sqitch_layouts_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
    const create = (schema: string) =>
      `create table ${schema}.changes (change_id varchar(40) primary key, script_hash varchar(40), ${dialect === 'mysql' ? '`change`' : 'change'} varchar(255) not null, project varchar(255) not null, note text not null, committed_at timestamp not null, committer_name varchar(255) not null, committer_email varchar(255) not null, planned_at timestamp not null, planner_name varchar(255) not null, planner_email varchar(255) not null)`;
    if (dialect === 'postgres') await query(db.url, 'create schema sqitch');
    else await withMysql((c) => c.query(`create database ${registry}`));
    try {
      await query(db.url, create(registry));
      for (const [i, change] of ['users', 'seed'].entries()) {
        const hash = sha('sha1', files[`deploy/${change}.sql`]!);
        await query(
          db.url,
          `insert into ${registry}.changes values ('c${i}', '${hash}', '${change}', 'shop', '', '2024-01-0${i + 1} 10:00:00', 'P', 'p@example.invalid', '2024-01-01 00:00:00', 'P', 'p@example.invalid')`,
        );
      }
      const imported = await run('import-history', '--from', 'sqitch', '--table', registry);
      expect(imported.code, imported.stdout + imported.stderr).toBe(0);
      expect(imported.json.applied).toEqual(['users', 'seed']);
      const up = await run('up');
      expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['orders']);
    } finally {
      if (dialect === 'mysql') await withMysql((c) => c.query(`drop database if exists ${registry}`));
    }
  });

  it('import-history refuses a recorded migration without its file, and a database with no tool history', async () => {
    tree('golang-migrate');
    const none = await run('import-history');
    expect(none.code).toBe(2);
    expect(none.stdout + none.stderr).toMatch(/No other tool's history/);
    await query(db.url, 'create table schema_migrations (version bigint not null primary key, dirty boolean not null)');
    await query(db.url, 'insert into schema_migrations values (99, false)');
    const missing = await run('import-history');
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).toMatch(/records 99, which no migration file matches/);
  });

  it('repair --accept-change records a reviewed edit (old and new checksum and the reason audited)', async () => {
    tree('flyway');
    expect((await run('up')).code).toBe(0);
    const file = path.join(migrations, 'V1.2__seed.sql');
    writeFileSync(file, `-- seed the first user\n${readFileSync(file, 'utf8')}`);
    expect((await run('up')).code).toBe(2); // DRIFT_EDITED
    const unchanged = await run('repair', '1', '--accept-change', '--reason', 'nothing');
    expect(unchanged.code).toBe(2);
    const repaired = await run('repair', '1.2', '--accept-change', '--reason', 'comment added, reviewed');
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect(repaired.json.repaired[0]).toMatchObject({
      action: 'accept-change',
      version: '1.2',
      previousChecksum: expect.any(String),
      checksum: expect.any(String),
    });
    expect((await run('up')).code).toBe(0);
    const audit = await auditText();
    expect(audit).toMatch(/history\.repaired/);
    expect(audit).toMatch(/comment added, reviewed/);
  });

  it('repair --renamed realigns a renamed file: same version, or a file moved to another version', async () => {
    tree('flyway');
    expect((await run('up')).code).toBe(0);
    renameSync(path.join(migrations, 'V1.2__seed.sql'), path.join(migrations, 'V1.2__seed_users.sql'));
    renameSync(path.join(migrations, 'U1.2__seed.sql'), path.join(migrations, 'U1.2__seed_users.sql'));
    expect((await run('up')).code).toBe(2); // DRIFT_RENAMED
    const repaired = await run('repair', '--renamed', '--reason', 'names follow the new convention');
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect(repaired.json.repaired).toEqual([{ action: 'renamed', version: '1.2', name: 'V1.2__seed_users', previousName: 'V1.2__seed' }]);
    const status = await run('status');
    expect(status.json.problems).toEqual([]);
  });
});
