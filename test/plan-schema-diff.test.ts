import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTargetUrl } from '../src/database/parse-url.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, withMysql, withPg, type Dialect, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists, schemaOf } from './helpers/tables.ts';

const CREATE_CUSTOMERS = `-- Customers
-- migrate:up
create table customers (id integer primary key, email varchar(100) not null);
insert into customers (id, email) values (1, 'a@example.com'), (2, 'b@example.com');

-- migrate:down
drop table customers;
`;

const ADD_COUNTRY = `-- Add a country to customers, indexed
-- migrate:up
alter table customers add column country varchar(2);
create index customers_country on customers (country);
`;

const CREATE_ORDERS = `export default {
  description: 'Create orders',
  async up({ db }) {
    await db.schema
      .createTable('orders')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('customer_id', 'integer', (c) => c.notNull())
      .addColumn('total_cents', 'integer')
      .execute();
  },
};
`;

/** How each dialect spells the new column's type in the schema snapshot. */
const VARCHAR_2: Record<Dialect, string> = { sqlite: 'varchar(2)', postgres: 'character varying(2)', mysql: 'varchar(2)' };

const snapshot = schemaOf;

/** Scratch databases derived from `url`'s database (`<db>_dihya_scratch_<hex>`) still on the server. */
async function leftoverScratches(url: string): Promise<string[]> {
  const spec = parseTargetUrl(url);
  if (spec.dialect === 'postgres') {
    const pattern = `${spec.database}\\_dihya\\_scratch\\_%`;
    return withPg(async (c) =>
      (await c.query<{ name: string }>('select datname as name from pg_database where datname like $1', [pattern])).rows.map((r) => r.name),
    );
  }
  if (spec.dialect === 'mysql') {
    const pattern = `${spec.database}\\_dihya\\_scratch\\_%`;
    return withMysql(async (c) => {
      const [rows] = await c.query('select schema_name as name from information_schema.schemata where schema_name like ?', [pattern]);
      return (rows as { name: string }[]).map((r) => r.name);
    });
  }
  throw new Error('SQLite scratches are files: see scratchDir');
}

describe.each(DIALECTS)('plan predicts the schema changes of pending migrations on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  /** SQLite scratch files go to os.tmpdir(): a private one, to see that none is left behind. */
  let scratchDir: string;
  let savedTmpdir: string | undefined;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_create_customers.sql': CREATE_CUSTOMERS });
    scratchDir = mkdtempSync(path.join(os.tmpdir(), 'dihya-plan-tmp-'));
    savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = scratchDir;
  });
  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    rmSync(scratchDir, { recursive: true, force: true });
    project.cleanup();
    await db.drop();
  });

  it("lists each pending migration's changes, tried on a schema-only copy that is dropped, leaving the target unchanged", async () => {
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).toBe(0);
    project.write('20260102000000_add_country.sql', ADD_COUNTRY);
    project.write('20260103000000_create_orders.ts', CREATE_ORDERS);
    const schemaBefore = await snapshot(db.url);
    const historySql = 'select version, name, checksum, status from dihya_migrations order by version';
    const historyBefore = await query(db.url, historySql);
    expect(historyBefore).toHaveLength(1);

    const started = Date.now();
    const plan = await cli(['plan', '--json', '--url', db.url], project.dir);
    const planMs = Date.now() - started;
    expect(plan.code).toBe(0);
    const pending = plan.json.pending as { name: string; schemaChanges?: string[]; schemaPreviewError?: string }[];
    expect(pending.map((p) => p.name)).toEqual(['20260102000000_add_country', '20260103000000_create_orders']);
    expect(pending[0]!.schemaPreviewError).toBeUndefined();
    expect(pending[0]!.schemaChanges).toEqual([`+column customers.country ${VARCHAR_2[dialect]} null`, '+index customers_country on customers (country)']);
    expect(pending[1]!.schemaChanges).toEqual(['+table orders']);

    // The target is exactly as it was: no new column, index or table, same history.
    expect(await snapshot(db.url)).toEqual(schemaBefore);
    expect(await tableExists(db.url, 'orders')).toBe(false);
    expect(await query(db.url, historySql)).toEqual(historyBefore);
    expect(Number((await query<{ n: number | string }>(db.url, 'select count(*) as n from customers'))[0]!.n)).toBe(2);

    // No scratch database is left behind.
    if (dialect === 'sqlite') expect(readdirSync(scratchDir).filter((f) => f.startsWith('dihya-scratch-'))).toEqual([]);
    else expect(await leftoverScratches(db.url)).toEqual([]);

    // The text output shows the prediction too.
    const text = await cli(['plan', '--url', db.url], project.dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`-- schema: +column customers.country ${VARCHAR_2[dialect]} null; +index customers_country on customers (country)\n`);
    expect(text.stdout).toContain('-- schema: +table orders\n');

    // The prediction is what `up` then does.
    const applied = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(applied.code).toBe(0);
    expect(applied.json.applied.map((m: { schemaChanges: string[] }) => m.schemaChanges)).toEqual(pending.map((p) => p.schemaChanges));
    console.info(`plan with schema preview on ${dialect}: ${planMs} ms`);
  });
});
