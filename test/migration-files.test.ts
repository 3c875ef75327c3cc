import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const BASE = `-- Orders
-- migrate:up
create table orders (id integer primary key, total integer);
insert into orders (id, total) values (1, 5), (2, 7);
-- migrate:down
drop table orders;
`;

describe.each(DIALECTS)('migration files on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_orders.sql': BASE });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('refuses malformed checks before the lock and the backup, naming the migration, the key and the shape (also in French)', async () => {
    project.write('20260102000000_purge.ts', "export default { description: 'purge', async up() {}, checks: { allowRowLoss: 'orders' } };\n");
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error).toMatchObject({
      code: 'MIGRATION_FIELD_INVALID',
      message: "Migration 20260102000000_purge: `checks.allowRowLoss` must be an array of table names, or '*' for every table",
    });
    expect(await tableExists(db.url, 'orders')).toBe(false);
    expect(existsSync(path.join(project.dir, '.dihya', 'backups'))).toBe(false);
    project.write('20260102000000_purge.ts', "export default { description: 'purge', async up() {}, checks: { notnul: ['orders.total'] } };\n");
    const fr = await cli(['up', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('Migration 20260102000000_purge : clé inconnue `checks.notnul`');
    expect(fr.stderr).toContain('Vouliez-vous dire `notNull` ?');
  });

  it('applies a comment-only up as a recorded no-op, reverts a comment-only down, and keeps NO_DOWN for a missing down', async () => {
    project.write('20260102000000_placeholder.sql', '-- kept from the old tool\n-- migrate:up\n-- nothing to do here\n-- migrate:down\n-- nothing either\n');
    project.write('20260103000000_one_way.sql', '-- migrate:up\n/* placeholder */\n');
    const up = await run('up');
    expect(up.code, up.stdout).toBe(0);
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['20260101000000_orders', '20260102000000_placeholder', '20260103000000_one_way']);
    const history = await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version');
    expect(history.map((r) => r.version)).toEqual(['20260101000000', '20260102000000', '20260103000000']);
    const down = await run('down');
    expect(down.json.error.code).toBe('NO_DOWN');
    project.remove('20260103000000_one_way.sql');
    await query(db.url, "delete from dihya_migrations where version = '20260103000000'");
    const reverted = await run('down');
    expect(reverted.code, reverted.stdout).toBe(0);
    expect((await query(db.url, 'select version from dihya_migrations')).length).toBe(1);
    expect(await tableExists(db.url, 'orders')).toBe(true);
  });

  it('plan --statements shows where each statement starts, for SQL and TypeScript files', async () => {
    project.write(
      '20260102000000_items.ts',
      `export default {
  description: 'items',
  async up({ db }) {
    await db.schema.createTable('items').addColumn('id', 'integer').execute();

    await db.schema.createTable('tags').addColumn('id', 'integer').execute();
  },
};
`,
    );
    const plan = await cli(['plan', '--statements', '--url', db.url], project.dir);
    expect(plan.code, plan.stderr).toBe(0);
    const lines = plan.stdout.split('\n');
    const at = (where: string) => lines.indexOf(`-- at ${where}`);
    expect(at(path.join('migrations', '20260101000000_orders.sql:3'))).toBeGreaterThan(-1);
    expect(lines[at(path.join('migrations', '20260101000000_orders.sql:3')) + 1]).toMatch(/^create table orders/);
    expect(at(path.join('migrations', '20260101000000_orders.sql:4'))).toBeGreaterThan(-1);
    expect(at(path.join('migrations', '20260102000000_items.ts:4'))).toBeGreaterThan(-1);
    expect(at(path.join('migrations', '20260102000000_items.ts:6'))).toBeGreaterThan(-1);
    const json = await run('plan');
    expect(json.json.pending[0].locations).toEqual([
      { file: path.join('migrations', '20260101000000_orders.sql'), line: 3 },
      { file: path.join('migrations', '20260101000000_orders.sql'), line: 4 },
    ]);
    expect((await cli(['plan', '--url', db.url], project.dir)).stdout).not.toContain('-- at ');
  });

  it('plan and validate name a checks table that neither exists nor is created by a pending migration', async () => {
    project.write('20260102000000_seed.sql', '-- dihya:checks rowCounts.orders=2 notNull=orders.total allowRowLoss=orders\n-- migrate:up\nselect 1;\n');
    expect((await run('plan')).code).toBe(0);
    expect((await run('validate')).code).toBe(0);
    project.write('20260102000000_seed.sql', '-- dihya:checks rowCounts.ordrs=2\n-- migrate:up\nselect 1;\n');
    for (const command of ['plan', 'validate']) {
      const result = await run(command);
      expect(result.code, command).toBe(2);
      expect(result.json.error).toMatchObject({
        code: 'CHECK_TABLE_UNKNOWN',
        message:
          'Migration 20260102000000_seed: checks.rowCounts names table ordrs, which neither exists now nor is created by this or an earlier pending migration',
      });
    }
    project.write('20260102000000_seed.sql', '-- dihya:checks notNull=orders.totl\n-- migrate:up\nselect 1;\n');
    expect((await run('validate')).json.error.message).toMatch(/names column orders\.totl/);
    // once orders exists, validate checks against the database itself
    project.remove('20260102000000_seed.sql');
    expect((await run('up')).code).toBe(0);
    project.write('20260103000000_purge.ts', "export default { description: 'purge', async up() {}, checks: { allowOrphans: ['ordrs'] } };\n");
    expect((await run('validate')).json.error.message).toMatch(/checks\.allowOrphans names table ordrs/);
    project.write(
      '20260103000000_purge.ts',
      "export default { description: 'purge', async up({ run }) { await run('drop table orders'); }, checks: { allowRowLoss: ['orders'] } };\n",
    );
    expect((await run('validate')).code).toBe(0);
  });
});

describe.runIf(testsOn('postgres'))('statements refused in a transaction, on PostgreSQL', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
    project = createProject({ '20260101000000_orders.sql': BASE });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('are refused at load with file and line, and run once the section says transaction:false', async () => {
    project.write(
      '20260102000000_index.sql',
      '-- Index orders\n-- migrate:up\n\ncreate index concurrently orders_total on orders (total);\n-- migrate:down\ndrop index orders_total;\n',
    );
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('STATEMENT_NEEDS_NO_TRANSACTION');
    expect(up.json.error.message).toMatch(/^20260102000000_index\.sql:4: CREATE INDEX CONCURRENTLY cannot run inside a transaction/);
    expect(up.json.error.hint).toMatch(/-- migrate:up transaction:false/);
    expect(await tableExists(db.url, 'orders')).toBe(false);
    project.write(
      '20260102000000_index.sql',
      '-- Index orders\n-- migrate:up transaction:false\n\ncreate index concurrently orders_total on orders (total);\n-- migrate:down\ndrop index orders_total;\n',
    );
    const fixed = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(await query(db.url, "select 1 from pg_indexes where indexname = 'orders_total'")).toHaveLength(1);
  });
});
