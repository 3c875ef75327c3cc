import { appendFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const SHOP = `-- migrate:up
create table customers (id integer primary key, name varchar(50) not null);
create table orders (id integer primary key, customer_id integer not null references customers (id), total integer not null);
insert into customers (id, name) values (1, 'Ada'), (2, 'Brahim'), (3, 'Chloé');
insert into orders (id, customer_id, total) values (10, 1, 100), (11, 2, 250), (12, 2, 75);
-- migrate:down
drop table orders;
drop table customers;
`;

/** Two schema changes and a data change; on MariaDB the second ALTER fails after the first one committed. */
const HALF_FAILING = `-- migrate:up
alter table customers add column phone varchar(20);
update customers set phone = 'x' where id = 1;
alter table orders add column note varchar(10) default 'n' not null;
insert into no_such_table values (1);
`;

const allRows = async (url: string) => ({
  customers: await query(url, 'select * from customers order by id'),
  orders: await query(url, 'select * from orders order by id'),
  history: await query(url, 'select version, name, checksum, status from dihya_migrations order by version'),
});

describe.each(DIALECTS)('backups on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_shop.sql': SHOP });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('takes a backup with a manifest before every run, lists and verifies it', async () => {
    const list = await run('backup', 'list');
    expect(list.code).toBe(0);
    expect(list.json.backups).toHaveLength(1);
    const manifest = list.json.backups[0];
    expect(manifest.reason).toBe('before up');
    expect(manifest.files.length).toBeGreaterThan(0);
    for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.schemaHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.target).not.toMatch(/:[^:@/]+@/);
    expect(manifest.rowCounts).toEqual({ dihya_migrations: 0 });

    const created = await run('backup', 'create', '--reason', 'before the sale');
    expect(created.code).toBe(0);
    expect(created.json.backup.rowCounts).toEqual({ customers: 3, dihya_migrations: 1, orders: 3 });
    const verify = await run('backup', 'verify');
    expect(verify.code, JSON.stringify(verify.json)).toBe(0);
    expect(verify.json.identical).toBe(true);
  });

  it('refuses a damaged backup', async () => {
    const created = await run('backup', 'create');
    const dir = path.join(project.dir, '.dihya', 'backups');
    const folder = path.join(dir, readdirSync(dir)[0]!, created.json.backup.id);
    const file = readdirSync(folder).find((f) => f !== 'manifest.json')!;
    appendFileSync(path.join(folder, file), 'x');
    const verify = await run('backup', 'verify', created.json.backup.id);
    expect(verify.code).toBe(1);
    expect(verify.json.error.code).toBe('BACKUP_CORRUPT');
    const restore = await run('backup', 'restore', created.json.backup.id, '--yes');
    expect(restore.json.error.code).toBe('BACKUP_CORRUPT');
    expect(await query(db.url, 'select id from customers')).toHaveLength(3);
  });

  it('restores a backup only with --yes, after saving the current state, and ends identical', async () => {
    const created = await run('backup', 'create');
    const before = await allRows(db.url);
    await query(db.url, 'delete from orders where id = 12');
    await query(db.url, 'create table later (id integer)');

    const refused = await run('backup', 'restore', created.json.backup.id);
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('RESTORE_NEEDS_CONFIRMATION');
    expect(await tableExists(db.url, 'later')).toBe(true);

    const restored = await run('backup', 'restore', created.json.backup.id, '--yes');
    expect(restored.code, JSON.stringify(restored.json)).toBe(0);
    expect(await allRows(db.url)).toEqual(before);
    expect(await tableExists(db.url, 'later')).toBe(false);
    const list = await run('backup', 'list');
    expect(list.json.backups[0].id).toBe(restored.json.safetyBackup);
    expect(list.json.backups[0].rowCounts.orders).toBe(2);
    expect((await run('audit', 'verify')).code).toBe(0);
    const events = (await run('audit', 'show')).json.entries.map((e: { event: string }) => e.event);
    expect(events).toContain('restore.manual');
  });

  it('puts the database back exactly as it was when a migration fails half-way outside a transaction', async () => {
    const before = await allRows(db.url);
    const file = dialect === 'mysql' ? '20260102000000_half.sql' : '20260102000000_half.sql';
    project.write(file, dialect === 'mysql' ? HALF_FAILING : HALF_FAILING.replace('-- migrate:up', '-- migrate:up transaction:false'));
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.hint).toMatch(/restored from backup .+ and are identical to before the migration/);
    expect(await allRows(db.url)).toEqual(before);
    const status = await run('status');
    expect(status.json.problems).toEqual([]);
    expect(status.json.entries.at(-1).state).toBe('pending');
    const audit = (await run('audit', 'show')).json.entries;
    const restore = audit.find((e: { event: string }) => e.event === 'restore.automatic');
    expect(restore.identical).toBe(true);
    expect((await run('audit', 'verify')).code).toBe(0);
  });
});
