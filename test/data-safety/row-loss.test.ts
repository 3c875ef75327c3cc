import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const PARENTS = `-- migrate:up
create table parents (id integer primary key);
create table children (id integer primary key, parent_id integer not null references parents (id) on delete cascade);
insert into parents (id) values (1), (2), (3);
insert into children (id, parent_id) values (10, 1), (11, 1), (12, 2), (13, 3);
`;

// SQLite cascades only on a connection that turned foreign keys on, which dihya-migrate's does not.
describe.each(DIALECTS.filter((d) => d !== 'sqlite'))('the row-loss check reaches every table a statement can empty, on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_parents.sql': PARENTS });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('counts the children an ON DELETE CASCADE key empties when only the parent is declared', async () => {
    project.write('20260102000000_prune.sql', '-- dihya:checks allowRowLoss=parents\n-- migrate:up\ndelete from parents where id = 1;\n');
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('VALIDATION_FAILED');
    expect(up.json.error.message).toMatch(/children lost 2 of its 4 rows/);
    expect(Number((await query<{ n: number }>(db.url, 'select count(*) as n from children'))[0]!.n)).toBe(4);
  });
});

describe.runIf(testsOn('postgres'))('the row-loss check and data-modifying CTEs on PostgreSQL', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
    project = createProject({
      '20260101000000_items.sql': '-- migrate:up\ncreate table items (id integer primary key);\ninsert into items select generate_series(1, 100);\n',
    });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('sees a DELETE inside a WITH', async () => {
    project.write('20260102000000_sneaky.sql', '-- migrate:up\nwith d as (delete from items where id > 10 returning 1) select count(*) from d;\n');
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.message).toMatch(/items lost 90 of its 100 rows/);
    expect(Number((await query<{ n: number }>(db.url, 'select count(*)::int as n from items'))[0]!.n)).toBe(100);
  });
});
