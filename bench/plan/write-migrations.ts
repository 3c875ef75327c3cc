import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableName } from './bench-schema.ts';

/**
 * Writes the pending migrations of the plan benchmark into `dir` (a project's migrations folder),
 * for a schema of `count` tables: a column and its index, a new table referencing the last table,
 * a TypeScript step adding a column, and a data fix. Returns how many it wrote.
 *
 * @example
 * writePlanMigrations('/tmp/project/migrations', 1000) // 4
 */
export function writePlanMigrations(dir: string, count: number): number {
  const middle = tableName(Math.floor(count / 2));
  const last = tableName(count - 1);
  const quarter = tableName(Math.floor(count / 4));
  const tenth = tableName(Math.floor(count / 10));
  const files: Record<string, string> = {
    '20260101000000_add_phone.sql': `-- migrate:up\nalter table ${middle} add column phone varchar(32);\ncreate index ${middle}_phone on ${middle} (phone);\n`,
    '20260102000000_create_invoices.sql': `-- migrate:up\ncreate table invoices (id integer primary key, ${last}_id integer not null references ${last} (id), total_cents integer not null);\n`,
    '20260103000000_add_flag.ts': `export default {
  description: 'Add a flag',
  async up({ db }) {
    await db.schema.alterTable('${quarter}').addColumn('flagged', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  },
};
`,
    '20260104000000_fill_notes.sql': `-- migrate:up\nupdate ${tenth} set note = 'n/a' where note is null;\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return Object.keys(files).length;
}
