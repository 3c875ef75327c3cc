import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const BASE = `-- Tables with rows
-- migrate:up
create table items (id integer primary key, name varchar(50), price_cents integer);
insert into items (id, name, price_cents) values (1, 'a', 100), (2, 'b', 200), (3, 'c', 300);
create table customers (id integer primary key, email varchar(100));
insert into customers (id, email) values (1, 'x'), (2, 'y');
create table orders (id integer primary key, customer_id integer, note varchar(20));
insert into orders (id, customer_id) values (1, 1), (2, 2);
create table old_logs (id integer primary key);
create table empty_t (id integer primary key);
-- migrate:down
drop table items;
`;

const sql = (up: string, down = 'select 1;', upDirective = '') => `-- migrate:up${upDirective}\n${up}\n-- migrate:down\n${down}\n`;

/** One migration per rule that must fire (a rule missing from a dialect has no file there). */
function firing(dialect: Dialect): Record<string, [string, string]> {
  const typeChange: Record<Dialect, string> = {
    postgres: 'alter table items alter column price_cents type bigint;',
    mysql: 'alter table items modify price_cents bigint;',
    sqlite:
      'create table items_b (id integer primary key, name varchar(50), price_cents bigint);\ninsert into items_b select * from items;\ndrop table items;\nalter table items_b rename to items;',
  };
  const files: Record<string, [string, string]> = {
    'drop-table': ['20260201000001_drop_logs.sql', sql('drop table old_logs;')],
    'drop-column': ['20260201000002_drop_email.sql', sql('alter table customers drop column email;')],
    'rename-table': ['20260201000003_rename_empty.sql', sql('alter table empty_t rename to empty_u;')],
    'rename-column': ['20260201000004_rename_note.sql', sql('alter table orders rename column note to remark;')],
    'column-type-change': ['20260201000005_price_bigint.sql', sql(typeChange[dialect])],
    'update-delete-without-where': ['20260201000006_reset_names.sql', sql("update items set name = 'x';")],
    'no-down': ['20260201000007_no_down.sql', '-- migrate:up\ncreate table no_down_t (id integer primary key);\n'],
    'money-float': ['20260201000008_payments.sql', sql('create table payments (id integer primary key, amount double precision);')],
    'not-null-without-default': ['20260201000059_sku.sql', sql('alter table items add column sku varchar(10) not null;')],
  };
  if (dialect !== 'mysql')
    files['non-transactional-ddl'] = ['20260201000009_outside.sql', sql('create table outside_t (id integer primary key);', 'select 1;', ' transaction:false')];
  if (dialect === 'postgres') {
    files['pg-index-not-concurrent'] = ['20260201000010_index.sql', sql('create index items_name on items (name);')];
    files['pg-fk-not-valid'] = [
      '20260201000011_fk.sql',
      sql('alter table orders add constraint orders_customer foreign key (customer_id) references customers (id);'),
    ];
  }
  return files;
}

/** The same changes written safely: no rule may fire. */
function safe(dialect: Dialect): Record<string, string> {
  const files: Record<string, string> = {
    '20260201000001_archive.sql': sql('create table archive (id integer primary key);', 'drop table archive;'),
    '20260201000002_phone.sql': sql('alter table customers add column phone varchar(20);'),
    '20260201000003_reset_one.sql': sql("update items set name = 'x' where id = 1;\ndelete from orders where id = 2;"),
    '20260201000004_payments.sql': sql('create table payments (id integer primary key, amount numeric(12,2), rate double precision);', 'drop table payments;'),
    '20260201000005_sku.sql': sql("alter table items add column sku varchar(10) not null default 'none';"),
    '20260201000006_empty_code.sql': sql("alter table empty_t add column code varchar(10) not null default '';"),
  };
  if (dialect === 'postgres') {
    files['20260201000007_index.sql'] = sql('create index concurrently items_name on items (name);', 'drop index items_name;', ' transaction:false');
    files['20260201000008_fk.sql'] = sql('alter table orders add constraint orders_customer foreign key (customer_id) references customers (id) not valid;');
    files['20260201000009_small_index.sql'] = sql('create index customers_email on customers (email);');
  } else files['20260201000007_index.sql'] = sql('create index items_name on items (name);', 'drop index items_name;');
  return files;
}

describe.each(DIALECTS)('lint on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_base.sql': BASE });
    writeFileSync(path.join(project.dir, 'dihya.config.js'), 'export default { lint: { indexRowThreshold: 3 } }\n');
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('fires each rule on the migration that breaks it, with file and line, and exits 1 on an error', async () => {
    const cases = firing(dialect);
    for (const [file, text] of Object.values(cases)) project.write(file, text);
    const lint = await run('lint');
    expect(lint.code).toBe(1);
    expect(lint.json.error.code).toBe('LINT_FAILED');
    for (const [rule, [file]] of Object.entries(cases)) {
      const migration = file.replace(/\.sql$/, '');
      expect(lint.json.findings, `${rule} in ${migration}`).toContainEqual(expect.objectContaining({ rule, migration, file: `migrations/${file}` }));
    }
    const drop = lint.json.findings.find((f: { rule: string }) => f.rule === 'drop-table');
    expect(drop).toMatchObject({ severity: 'error', line: 2, message: 'drop table old_logs' });
    expect(drop.hint.length).toBeGreaterThan(0);
    // rules of another dialect never fire
    if (dialect !== 'postgres') expect(lint.json.findings.map((f: { rule: string }) => f.rule)).not.toContain('pg-index-not-concurrent');
  });

  it('finds nothing in the same changes written safely', async () => {
    for (const [file, text] of Object.entries(safe(dialect))) project.write(file, text);
    const lint = await run('lint');
    expect(lint.json.error).toBeUndefined();
    expect(lint.json.findings).toEqual([]);
    expect(lint.code).toBe(0);
  });

  it('lets a migration allow a rule with a reason; an unknown id is refused', async () => {
    project.write('20260201000001_drop_logs.sql', `-- dihya:lint allow=drop-table reason="archived in the warehouse"\n${sql('drop table old_logs;')}`);
    const lint = await run('lint');
    expect(lint.code).toBe(0);
    expect(lint.json.findings).toEqual([expect.objectContaining({ rule: 'drop-table', allowed: 'archived in the warehouse' })]);

    project.write('20260201000001_drop_logs.sql', `-- dihya:lint allow=drop-tables reason="typo"\n${sql('drop table old_logs;')}`);
    const refused = await run('lint');
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('LINT_ALLOW_INVALID');
  });

  it('runs in plan, and before up: lint.onUp error refuses the run with the database untouched', async () => {
    project.write('20260201000006_reset_names.sql', sql("update items set name = 'x';"));
    const plan = await run('plan');
    expect(plan.json.lint).toContainEqual(expect.objectContaining({ rule: 'update-delete-without-where', line: 2 }));

    writeFileSync(path.join(project.dir, 'dihya.config.js'), "export default { lint: { onUp: 'error' } }\n");
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('LINT_BLOCKED');
    expect((await run('status')).json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'pending']);

    writeFileSync(path.join(project.dir, 'dihya.config.js'), "export default { lint: { onUp: 'warn' } }\n");
    expect((await run('up')).code).toBe(0);
  });
});

describe('lint --rules', () => {
  it('lists every rule with a stable id, a severity and an explanation', async () => {
    const project = createProject();
    try {
      const { json, code } = await cli(['lint', '--rules', '--json'], project.dir);
      expect(code).toBe(0);
      expect(json.rules.map((r: { id: string }) => r.id)).toEqual([
        'drop-table',
        'drop-column',
        'rename-table',
        'rename-column',
        'not-null-without-default',
        'column-type-change',
        'pg-index-not-concurrent',
        'pg-fk-not-valid',
        'update-delete-without-where',
        'no-down',
        'non-transactional-ddl',
        'money-float',
      ]);
    } finally {
      project.cleanup();
    }
  });
});
