import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

/*
 * A SQL migration holding a pg_dump data section (`COPY … FROM stdin;`, rows, `\.`): the rows are
 * streamed to the server in the migration's transaction, counted as the migration's, and come out
 * as pg_dump read them — tabs, newlines, backslashes and NULLs included.
 */
const TABLE = `-- migrate:up
create table items (id integer primary key, name text, note text);
-- migrate:down
drop table items;
`;

const ROWS = "(1, 'plain', null), (2, E'tab\\there', E'two\\nlines'), (3, E'back\\\\slash', 'é ü ✓'), (4, '\\.', '')";

describe.runIf(testsOn('postgres'))('COPY … FROM stdin with inline data on PostgreSQL', () => {
  let source: ScratchDatabase;
  let db: ScratchDatabase;
  let project: TestProject;
  let dump: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const rows = (url: string) => query(url, 'select id, name, note from items order by id');

  beforeEach(async () => {
    source = await createScratchDatabase('postgres');
    await query(source.url, `create table items (id integer primary key, name text, note text); insert into items values ${ROWS}`);
    const result = spawnSync('pg_dump', ['--data-only', '--table=items', '--no-owner', source.url], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    dump = result.stdout;
    expect(dump).toMatch(/^COPY public\.items \(id, name, note\) FROM stdin;$/m);
    db = await createScratchDatabase('postgres');
    project = createProject({ '20260101000000_items.sql': TABLE });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
    await source.drop();
  });

  it('streams a pg_dump data section to the server and counts its rows as the migration’s', async () => {
    // the rows changed per table that hooks (and sector checks) see
    const seen = path.join(project.dir, 'rows-changed.json');
    writeFileSync(
      path.join(project.dir, 'dihya.config.ts'),
      `import { writeFileSync } from 'node:fs';\nexport default { hooks: { afterMigrate: (ctx) => { if (ctx.direction === 'up' && ctx.migration.version === '20260102000000') writeFileSync(${JSON.stringify(seen)}, JSON.stringify(ctx.changes.rowsChanged)); } } };\n`,
    );
    project.write('20260102000000_seed.sql', `-- migrate:up\n${dump}\n-- migrate:down\ndelete from items;\n`);
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    expect(await rows(db.url)).toEqual(await rows(source.url));
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({ items: 4 });
    // pg_dump's own SET search_path = '' did not reach the history or the next statements
    expect((await run('status')).json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'applied']);
    const down = await run('down');
    expect(down.code, JSON.stringify(down.json)).toBe(0);
    expect(await rows(db.url)).toEqual([]);
  });

  it('bad data fails at its file line, nothing kept; statements after the data run', async () => {
    const file = '-- migrate:up\ninsert into items values (9, null, null);\ncopy items (id, name) from stdin;\n10\tten\nnot-a-number\tx\n\\.\nselect 1;\n';
    project.write('20260102000000_seed.sql', file);
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.message).toMatch(/statement at line 3:.*invalid input syntax for type integer/);
    expect(await rows(db.url)).toEqual([]);
    project.write('20260102000000_seed.sql', file.replace('not-a-number', '11') + 'insert into items values (12, null, null);\n');
    expect((await run('up')).code).toBe(0);
    expect((await rows(db.url)).map((r) => r.id)).toEqual([9, 10, 11, 12]);
  });
});
