import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { discoverMigrations } from '../src/migrations/discover.ts';
import { loadMigration } from '../src/migrations/load-migration.ts';
import { previewSchemaChanges, type SchemaPreview } from '../src/migrations/schema-preview.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

/** customers <- orders <- order_lines, and tags read by a view. */
const SCHEMA = [
  'create table customers (id integer primary key, email varchar(100) not null)',
  'create table orders (id integer primary key, customer_id integer not null references customers (id), total_cents integer)',
  'create table order_lines (order_id integer not null references orders (id), line_no integer not null, primary key (order_id, line_no))',
  'create table tags (id integer primary key, label varchar(40) not null)',
  'create index tags_label on tags (label)',
  'create view tag_labels as select label from tags',
];

const ADD_NOTE = `-- migrate:up
alter table orders add column note varchar(200);
create index orders_note on orders (note);
`;
const CREATE_INVOICES = `-- migrate:up
create table invoices (id integer primary key, order_id integer not null references orders (id));
update customers set email = lower(email);
`;
const ALTER_TAGS = `-- migrate:up
alter table tags add column color varchar(7);
`;
const BROKEN = `-- migrate:up
alter table orders add column total_cents integer;
`;

function summary(preview: SchemaPreview) {
  return { ok: preview.ok, failed: preview.ok ? undefined : preview.failed, changes: [...preview.changes], schemas: [...preview.schemas] };
}

describe.each(DIALECTS)('plan on %s: the copy of the tables a migration touches predicts what the whole copy does', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let target: Target;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
    target = await connect(db.url, project.dir);
    for (const statement of SCHEMA) await sql.raw(statement).execute(target.db);
  });
  afterEach(async () => {
    await target.close();
    project.cleanup();
    await db.drop();
  });

  async function previews(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) project.write(name, text);
    const pending = await Promise.all(discoverMigrations(project.migrationsDir).map((f) => loadMigration(f, dialect)));
    const partial = await previewSchemaChanges(target, pending, []);
    const full = await previewSchemaChanges(target, pending, [], { partial: false });
    return { partial: summary(partial), full: summary(full) };
  }

  it('same changes and schemas: tables, keys, indexes, a new table referencing one, a data fix, a view over another table', async () => {
    const { partial, full } = await previews({ '20260101000000_add_note.sql': ADD_NOTE, '20260102000000_create_invoices.sql': CREATE_INVOICES });
    expect(partial.ok).toBe(true);
    expect(partial).toEqual(full);
    expect(partial.changes.map(([, c]) => c.length)).toEqual([2, 1]);
    const after = partial.schemas.at(-1)![1].after;
    expect(Object.keys(after.tables).sort()).toEqual(['customers', 'invoices', 'order_lines', 'orders', 'tags']);
    expect(Object.keys(after.views)).toEqual(['tag_labels']);
  });

  it('a table a view reads, and a migration that fails: the answer of the whole copy', async () => {
    const tags = await previews({ '20260101000000_alter_tags.sql': ALTER_TAGS });
    expect(tags.partial).toEqual(tags.full);
    expect(tags.partial.changes[0]![1]).toHaveLength(1);
    project.cleanup();
    project = createProject();
    const broken = await previews({ '20260101000000_add_note.sql': ADD_NOTE, '20260102000000_broken.sql': BROKEN });
    expect(broken.partial).toEqual(broken.full);
    expect(broken.partial).toMatchObject({ ok: false, failed: '20260102000000' });
  });
});
