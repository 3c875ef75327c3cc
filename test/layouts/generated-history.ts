import type { Dialect } from '../helpers/databases.ts';

/**
 * A generated history of `count` migrations in the Flyway or golang-migrate layout: tables, data,
 * columns added, indexes and comment-only placeholders, each with its down. File path -> text.
 */
export function generatedHistory(layout: 'flyway' | 'golang-migrate', count: number, dialect: Dialect): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const [up, down] = step(i, dialect);
    const pad = String(i).padStart(6, '0');
    if (layout === 'flyway') {
      files[`V1.${i}__step_${i}.sql`] = up;
      files[`U1.${i}__step_${i}.sql`] = down;
    } else {
      files[`${pad}_step_${i}.up.sql`] = up;
      files[`${pad}_step_${i}.down.sql`] = down;
    }
  }
  return files;
}

function step(i: number, dialect: Dialect): [string, string] {
  if (i === 1) return ['create table items (id integer primary key, v varchar(20));\n', 'drop table items;\n'];
  switch (i % 5) {
    case 0:
      return [`create table t_${i} (id integer primary key, v varchar(20));\ninsert into t_${i} (id, v) values (1, 'x');\n`, `drop table t_${i};\n`];
    case 1:
      return [`insert into items (id, v) values (${i}, 'v${i}');\n`, `delete from items where id = ${i};\n`];
    case 2:
      return [`alter table items add column c_${i} integer;\n`, `alter table items drop column c_${i};\n`];
    case 3:
      return [`-- placeholder ${i}: kept so versions match production\n`, '-- nothing to undo\n'];
    default:
      return [`create index ix_${i} on items (v);\n`, dialect === 'mysql' ? `drop index ix_${i} on items;\n` : `drop index ix_${i};\n`];
  }
}
