import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const CREATE_ITEMS = `-- Items for sale
-- migrate:up
create table items (id integer primary key, name varchar(50) not null);
insert into items (id, name) values (1, 'one'), (2, 'two');

-- migrate:down
drop table items;
`;

const ADD_PRICE = `export default {
  description: 'Add a price to items',
  async up({ db }) {
    await db.schema.alterTable('items').addColumn('price_cents', 'integer').execute();
    await db.updateTable('items').set({ price_cents: 100 }).execute();
  },
  async verify({ db }) {
    const missing = await db.selectFrom('items').select('id').where('price_cents', 'is', null).execute();
    return missing.length === 0;
  },
  async down({ db }) {
    await db.schema.alterTable('items').dropColumn('price_cents').execute();
  },
};
`;

const CREATE_TAGS = `-- migrate:up
create table tags (id integer primary key, label varchar(20));
-- migrate:down
drop table tags;
`;

describe.each(DIALECTS)('migration engine on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({
      '20260101000000_create_items.sql': CREATE_ITEMS,
      '20260102000000_add_price.ts': ADD_PRICE,
      '20260103000000_create_tags.sql': CREATE_TAGS,
    });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('applies SQL and TypeScript migrations in order and records them', async () => {
    const up = await run('up');
    expect(up.code).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual([
      '20260101000000_create_items',
      '20260102000000_add_price',
      '20260103000000_create_tags',
    ]);
    const items = await query<{ id: number; price_cents: number }>(db.url, 'select id, price_cents from items order by id');
    expect(items.map((r) => [Number(r.id), Number(r.price_cents)])).toEqual([
      [1, 100],
      [2, 100],
    ]);
    const history = await query<{ version: string; checksum: string; status: string; applied_by: string; duration_ms: number }>(
      db.url,
      'select version, checksum, status, applied_by, duration_ms from dihya_migrations order by version',
    );
    expect(history).toHaveLength(3);
    for (const row of history) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.status).toBe('applied');
      expect(row.applied_by).toContain('@');
      expect(Number(row.duration_ms)).toBeGreaterThanOrEqual(0);
    }

    const again = await run('up');
    expect(again.code).toBe(0);
    expect(again.json.applied).toEqual([]);

    const status = await run('status');
    expect(status.json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'applied', 'applied']);
    expect(status.json.problems).toEqual([]);
    expect(status.json.target).not.toMatch(/:[^:@/]+@/);
  });

  it('plans without changing anything, then --to stops at a version', async () => {
    const plan = await run('plan');
    expect(plan.code).toBe(0);
    expect(plan.json.pending).toHaveLength(3);
    expect(plan.json.pending[0].statements.join('\n')).toMatch(/create table items/i);
    expect(plan.json.pending[1].statements.join('\n')).toMatch(/alter table .*items.* add column .*price_cents/i);
    expect(await tableExists(db.url, 'items')).toBe(false);

    const up = await run('up', '--to', '20260102000000');
    expect(up.json.applied).toHaveLength(2);
    expect(await tableExists(db.url, 'tags')).toBe(false);
  });

  it('reverts the last migration, --steps N, and --to a version', async () => {
    await run('up');
    const one = await run('down');
    expect(one.code).toBe(0);
    expect(one.json.reverted.map((m: { name: string }) => m.name)).toEqual(['20260103000000_create_tags']);
    expect(await tableExists(db.url, 'tags')).toBe(false);

    await run('up');
    const to = await run('down', '--to', '20260101000000');
    expect(to.json.reverted).toHaveLength(2);
    const columns = await query(db.url, 'select * from items');
    expect(Object.keys(columns[0]!)).toEqual(['id', 'name']);

    const all = await run('down', '--steps', '5');
    expect(all.json.reverted).toHaveLength(1);
    expect(await tableExists(db.url, 'items')).toBe(false);
    expect(await query(db.url, 'select * from dihya_migrations')).toEqual([]);
  });

  it('refuses to run when an applied migration was edited or removed, and ignores line-ending changes', async () => {
    await run('up');
    project.write('20260101000000_create_items.sql', CREATE_ITEMS.replace(/\n/g, '\r\n'));
    expect((await run('validate')).code).toBe(0);

    project.write('20260101000000_create_items.sql', CREATE_ITEMS.replace("'two'", "'deux'"));
    project.write('20260104000000_more.sql', '-- migrate:up\ncreate table more_things (id integer primary key);\n');
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('DRIFT_EDITED');
    expect(up.json.error.hint).toMatch(/new migration/);
    expect(await tableExists(db.url, 'more_things')).toBe(false);
    const validate = await run('validate');
    expect(validate.code).toBe(2);
    const status = await run('status');
    expect(status.json.entries[0].state).toBe('edited');

    project.write('20260101000000_create_items.sql', CREATE_ITEMS);
    project.remove('20260102000000_add_price.ts');
    const missing = await run('up');
    expect(missing.code).toBe(2);
    expect(missing.json.error.code).toBe('DRIFT_MISSING');
  });

  it('rolls back a failing data migration completely and keeps what came before', async () => {
    project.write(
      '20260104000000_broken_data.sql',
      "-- migrate:up\ninsert into items (id, name) values (3, 'three');\ninsert into no_such_table (id) values (1);\n",
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.message).toMatch(/20260104000000_broken_data/);
    expect(up.json.error.message).toMatch(/line 3/);
    expect(up.json.error.hint).toMatch(/rolled back/);
    expect(await query(db.url, 'select id from items')).toHaveLength(2);
    const history = await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version');
    expect(history.map((r) => r.version)).toEqual(['20260101000000', '20260102000000', '20260103000000']);
  });

  it('rolls back when verify() rejects the result', async () => {
    project.write(
      '20260104000000_bad_backfill.ts',
      `export default {
        description: 'backfill that forgets rows',
        async up({ db }) { await db.schema.alterTable('items').addColumn('stock', 'integer').execute();
          await db.updateTable('items').set({ stock: 5 }).where('id', '=', 1).execute(); },
        async verify({ db }) { const r = await db.selectFrom('items').select('id').where('stock', 'is', null).execute(); return r.length === 0; },
      };`,
    );
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('VERIFY_FAILED');
    const status = await run('status');
    if (dialect !== 'mysql') {
      expect(up.json.error.hint).toMatch(/rolled back/);
      expect(status.json.entries.at(-1).state).toBe('pending');
      const columns = Object.keys((await query(db.url, 'select * from items'))[0]!);
      expect(columns).not.toContain('stock');
      return;
    }
    // MariaDB cannot roll back the ALTER: the backup taken just before the migration is restored.
    expect(up.json.error.hint).toMatch(/restored from backup .+ and are identical to before the migration/);
    expect(status.json.entries.at(-1).state).toBe('pending');
    const columns = Object.keys((await query(db.url, 'select * from items'))[0]!);
    expect(columns).not.toContain('stock');
  });

  it('refuses a pending migration older than the last applied one unless --out-of-order', async () => {
    await run('up');
    project.write('20251231000000_late.sql', '-- migrate:up\ncreate table late_one (id integer primary key);\n');
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('OUT_OF_ORDER');
    const allowed = await run('up', '--out-of-order');
    expect(allowed.code).toBe(0);
    expect(await tableExists(db.url, 'late_one')).toBe(true);
  });

  it('stops before applying anything when a pending migration is malformed', async () => {
    project.write('20260104000000_no_up.ts', "export default { description: 'forgot up' };\n");
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('MIGRATION_MALFORMED');
    expect(up.json.error.message).toMatch(/up/);
    expect(await tableExists(db.url, 'items')).toBe(false);
  });

  it('runs a migration marked transactional: false', async () => {
    project.write(
      '20260104000000_outside_tx.ts',
      `export default {
        description: 'index outside a transaction',
        transactional: false,
        async up({ run }) { await run('create index items_name on items (name)'); },
        async down({ run, dialect }) { await run(dialect === 'mysql' ? 'drop index items_name on items' : 'drop index items_name'); },
      };`,
    );
    const up = await run('up');
    expect(up.code).toBe(0);
    expect(up.json.applied).toHaveLength(4);
    expect((await run('down')).code).toBe(0);
  });

  it('says when there is no down step', async () => {
    project.write('20260104000000_one_way.sql', '-- migrate:up\ncreate table one_way (id integer primary key);\n');
    await run('up');
    const down = await run('down');
    expect(down.code).toBe(2);
    expect(down.json.error.code).toBe('NO_DOWN');
    expect(await tableExists(db.url, 'one_way')).toBe(true);
  });

  it('applies all pending migrations or none with --atomic where DDL rolls back', async () => {
    project.write('20260104000000_broken.sql', '-- migrate:up\ninsert into no_such_table (id) values (1);\n');
    const failed = await run('up', '--atomic');
    if (dialect === 'mysql') {
      expect(failed.code).toBe(2);
      expect(failed.json.error.code).toBe('ATOMIC_UNSUPPORTED');
      return;
    }
    expect(failed.code).toBe(1);
    expect(failed.json.error.code).toBe('MIGRATION_FAILED');
    expect(failed.json.error.message).toContain('20260104000000_broken');
    expect(await tableExists(db.url, 'items')).toBe(false);
    expect(await query(db.url, 'select version from dihya_migrations')).toEqual([]);

    project.remove('20260104000000_broken.sql');
    const up = await run('up', '--atomic');
    expect(up.code).toBe(0);
    expect(up.json.applied).toHaveLength(3);
    expect(up.json.applied[1].schemaChanges).toEqual([expect.stringMatching(/^\+column items\.price_cents/)]);
    expect((await run('audit', 'verify')).code).toBe(0);
    const events = (await run('audit', 'show')).json.entries.map((e: { event: string }) => e.event);
    expect(events.filter((e: string) => e === 'migration.applied')).toHaveLength(3);
    expect(events).toContain('migration.failed');
  });
});
