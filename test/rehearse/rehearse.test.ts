import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTargetUrl } from '../../src/database/parse-url.ts';
import { cli, startCli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, withMysql, withPg, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';
import { waitFor } from '../helpers/wait-for.ts';

const CREATE_ITEMS = `-- Items, one without a name
-- migrate:up
create table items (id integer primary key, name varchar(50));
insert into items (id, name) values (1, 'one'), (2, null), (3, 'three');
-- migrate:down
drop table items;
`;

/** Passes on an empty schema (plan), fails on the data: a row has no name. */
const NAME_REQUIRED = `-- Every item needs a name
-- migrate:up
create table items_new (id integer primary key, name varchar(50) not null);
insert into items_new (id, name) select id, name from items;
drop table items;
alter table items_new rename to items;
-- migrate:down
create table items_old (id integer primary key, name varchar(50));
insert into items_old (id, name) select id, name from items;
drop table items;
alter table items_old rename to items;
`;

const CREATE_TAGS = `-- migrate:up
create table tags (id integer primary key, label varchar(20));
insert into tags (id, label) values (1, 'new'), (2, 'sale');
-- migrate:down
drop table tags;
`;

/** Its down forgets the rows its up deleted: the round trip must catch it. */
const LOSSY_DOWN = `export default {
  description: 'Drop unnamed items, keep a count',
  checks: { allowRowLoss: ['items'] },
  async up({ db }) {
    await db.deleteFrom('items').where('name', 'is', null).execute();
  },
  async down() {},
};
`;

/** Slow only when the test asks (production), not in the rehearsal. */
const SLOW_IN_PRODUCTION = `export default {
  description: 'Create notes (slow in production)',
  async up({ db }) {
    await db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
    if (process.env.DIHYA_TEST_SLOW_PRODUCTION) await new Promise((resolve) => setTimeout(resolve, 1200));
  },
  async down({ db }) {
    await db.schema.dropTable('notes').execute();
  },
};
`;

/** Scratch databases derived from `url`'s database (`<db>_dihya_scratch_<hex>`) still on the server. */
async function leftoverScratches(url: string): Promise<string[]> {
  const spec = parseTargetUrl(url);
  const pattern = spec.dialect === 'sqlite' ? '' : `${spec.database}\\_dihya\\_scratch\\_%`;
  if (spec.dialect === 'postgres') {
    return withPg(async (c) =>
      (await c.query<{ name: string }>('select datname as name from pg_database where datname like $1', [pattern])).rows.map((r) => r.name),
    );
  }
  if (spec.dialect === 'mysql') {
    return withMysql(async (c) => {
      const [rows] = await c.query('select schema_name as name from information_schema.schemata where schema_name like ?', [pattern]);
      return (rows as { name: string }[]).map((r) => r.name);
    });
  }
  return [];
}

describe.each(DIALECTS)('rehearse on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const names = async () => (await query<{ name: string | null }>(db.url, 'select name from items order by id')).map((r) => r.name);
  const config = (body: string) => writeFileSync(path.join(project.dir, 'dihya.config.js'), `export default ${body}\n`);
  const auditEvents = (event: string) =>
    readdirSync(path.join(project.dir, '.dihya', 'logs'))
      .filter((f) => f.startsWith('audit-'))
      .flatMap((f) =>
        readFileSync(path.join(project.dir, '.dihya', 'logs', f), 'utf8')
          .trim()
          .split('\n'),
      )
      .map((line) => JSON.parse(line))
      .filter((e) => e.event === event);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_create_items.sql': CREATE_ITEMS });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('catches a migration that passes on an empty schema but fails on the data, and leaves production untouched', async () => {
    project.write('20260102000000_name_required.sql', NAME_REQUIRED);
    expect((await run('plan')).code).toBe(0);

    const rehearsal = await run('rehearse');
    expect(rehearsal.code).toBe(1);
    expect(rehearsal.json.error.code).toBe('REHEARSAL_FAILED');
    expect(rehearsal.json.result).toBe('failed');
    expect(rehearsal.json.failure).toMatchObject({ phase: 'up', version: '20260102000000', code: 'MIGRATION_FAILED' });

    expect(await names()).toEqual(['one', null, 'three']);
    const status = await run('status');
    expect(status.json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'pending']);
    expect(status.json.rehearsal).toMatchObject({ rehearsed: false });
    expect(await leftoverScratches(db.url)).toEqual([]);
    expect(auditEvents('rehearsal.receipt').at(-1)).toMatchObject({ result: 'failed', migrations: [{ version: '20260102000000' }] });
  });

  it('reports each migration up, down and up again with rows and schema changes, and writes a passing receipt', async () => {
    project.write('20260102000000_create_tags.sql', CREATE_TAGS);
    const rehearsal = await run('rehearse');
    expect(rehearsal.code).toBe(0);
    expect(rehearsal.json.result).toBe('passed');
    const [tags] = rehearsal.json.migrations;
    expect(tags.roundTrip).toBe('ok');
    expect(tags.up.schemaChanges).toEqual(['+table tags']);
    expect(tags.up.rowsChanged).toEqual({ tags: 2 });
    expect(tags.down.schemaChanges).toEqual(['-table tags']);
    expect(tags.upAgain.ok).toBe(true);
    expect(typeof tags.up.durationMs).toBe('number');
    if (dialect === 'postgres') expect(Array.isArray(tags.up.locks)).toBe(true);

    // production: still pending, no tags table, no copy left
    expect((await query(db.url, 'select count(*) as n from items'))[0]).toBeDefined();
    expect((await run('status')).json.rehearsal).toMatchObject({ rehearsed: true, required: false });
    expect(await leftoverScratches(db.url)).toEqual([]);
    const receipt = auditEvents('rehearsal.receipt').at(-1);
    expect(receipt).toMatchObject({ result: 'passed', sourceSchemaHash: rehearsal.json.sourceSchemaHash, migrations: [{ version: '20260102000000' }] });
    expect(receipt.seq).toBe(rehearsal.json.receipt);
  });

  it('fails the round trip when down does not undo up', async () => {
    project.write('20260102000000_drop_unnamed.ts', LOSSY_DOWN);
    const rehearsal = await run('rehearse');
    expect(rehearsal.code).toBe(1);
    expect(rehearsal.json.failure).toMatchObject({ phase: 'round-trip', version: '20260102000000' });
    expect(rehearsal.json.migrations[0].roundTrip).toBe('differs');
    expect(rehearsal.json.migrations[0].differences).toEqual(['rows in items: 3 before up, 2 after down']);
    expect(await names()).toEqual(['one', null, 'three']);
  });

  it('with rehearsal.required, up needs a passing receipt for exactly the pending files and the current schema', async () => {
    config('{ rehearsal: { required: true } }');
    project.write('20260102000000_create_tags.sql', CREATE_TAGS);
    const refused = await run('up');
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('REHEARSAL_REQUIRED');
    expect(await query(db.url, 'select * from items')).toHaveLength(3);

    expect((await run('rehearse')).code).toBe(0);
    // a changed migration invalidates its receipt
    project.write('20260102000000_create_tags.sql', CREATE_TAGS.replace("'sale'", "'promo'"));
    expect((await run('status')).json.rehearsal).toMatchObject({ rehearsed: false, required: true, reason: 'a migration changed since it was rehearsed' });
    expect((await run('up')).json.error.code).toBe('REHEARSAL_REQUIRED');

    expect((await run('rehearse')).code).toBe(0);
    // a schema changed by hand invalidates it too
    await query(db.url, 'create table by_hand (id integer primary key)');
    expect((await run('up')).json.error.message).toContain('the database schema changed since the rehearsal');
    await query(db.url, 'drop table by_hand');

    const applied = await run('up');
    expect(applied.code).toBe(0);
    expect(applied.json.applied.map((m: { name: string }) => m.name)).toEqual(['20260102000000_create_tags']);
  });

  it('reports a production step much slower than its rehearsal as an anomaly', async () => {
    config('{ rehearsal: { minDurationMs: 0 } }');
    project.write('20260102000000_create_notes.ts', SLOW_IN_PRODUCTION);
    expect((await run('rehearse')).code).toBe(0);
    process.env.DIHYA_TEST_SLOW_PRODUCTION = '1';
    try {
      expect((await run('up')).code).toBe(0);
    } finally {
      delete process.env.DIHYA_TEST_SLOW_PRODUCTION;
    }
    expect(auditEvents('anomaly')).toEqual([expect.objectContaining({ kind: 'slower-than-rehearsal', version: '20260102000000' })]);
  });

  it('drops the copy when interrupted by SIGINT', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'dihya-rehearse-sigint-'));
    const marker = path.join(tmp, 'started');
    project.write(
      '20260102000000_slow.ts',
      `import { writeFileSync } from 'node:fs';
export default {
  description: 'Slow',
  async up({ db }) {
    await db.schema.createTable('slow').addColumn('id', 'integer').execute();
    writeFileSync(${JSON.stringify(marker)}, 'x');
    await new Promise((resolve) => setTimeout(resolve, 20000));
  },
  async down({ db }) { await db.schema.dropTable('slow').execute(); },
};
`,
    );
    const scratchTmp = path.join(tmp, 'tmp');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(scratchTmp);
    try {
      const started = startCli(['rehearse', '--url', db.url], { cwd: project.dir, env: { TMPDIR: scratchTmp } });
      await waitFor(() => readdirSync(tmp).includes('started'), 30_000);
      started.child.kill('SIGINT');
      const ended = await started.done;
      expect(ended.signal).toBe('SIGINT');
      expect(readdirSync(scratchTmp)).toEqual([]);
      expect(await leftoverScratches(db.url)).toEqual([]);
      expect((await run('status')).json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'pending']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
