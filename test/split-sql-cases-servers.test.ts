import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, testsOn, type ScratchDatabase } from './helpers/databases.ts';
import { createProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

/*
 * One file per splitting rule, run twice: by the server's own client (psql, mariadb) on one
 * database, and as a dihya-migrate SQL migration on another. Both must end with the same tables,
 * columns, routines, rules and rows. `dihya` is the migration's text when it differs from the
 * client's (routines written without DELIMITER, which the client cannot read).
 */
interface Case {
  name: string;
  client: string;
  dihya?: string;
}

const MYSQL_PROC = `create procedure p(in x int)
begin
  declare i int default 0;
  case x when 1 then insert into log values (1, 'one'); else begin insert into log values (2, 'other'); end; end case;
  if x > 0 then insert into log values (3, 'if'); elseif x < 0 then insert into log values (4, 'elseif'); else insert into log values (5, 'else'); end if;
  lbl: loop set i = i + 1; if i > 2 then leave lbl; end if; end loop lbl;
  while i < 4 do set i = i + 1; end while;
  repeat set i = i + 1; until i > 5 end repeat;
  for j in 1..2 do insert into log values (10 + j, 'for'); end for;
  insert into log values (20 + i, 'end');
end`;

const MYSQL_CASES: Case[] = [
  {
    name: 'DELIMITER after a comment and a header',
    client: `-- header\n/* block */\n  delimiter //\ncreate procedure q() begin insert into log values (1, 'a'); insert into log values (2, 'b'); end//\nDELIMITER ;\ncall q();\n`,
  },
  {
    name: 'DELIMITER #',
    client: `DELIMITER #\ncreate procedure q() begin insert into log values (1, 'a;b'); end#\ncall q()#\nDELIMITER ;\ninsert into log values (2, 'c');\n`,
  },
  {
    name: 'END CASE / END IF / END LOOP / END WHILE / END REPEAT / FOR … END FOR, with and without DELIMITER',
    client: `DELIMITER ;;\n${MYSQL_PROC};;\nDELIMITER ;\ncall p(1);\n`,
    dihya: `${MYSQL_PROC};\ncall p(1);\n`,
  },
  {
    name: '# comments, -- only before a space, and a comment that does not nest',
    client: `# a comment; with a semicolon\ninsert into log values (1, 'x'); # after ; code\ninsert into log values (5--1, 'minus');\n/* outer /* inner */ insert into log values (7, 'after the comment');\n`,
  },
];

const PG_CASES: Case[] = [
  {
    name: 'CREATE RULE … DO ALSO ( …; … )',
    client: `create table t (a int);\ncreate rule r as on insert to t do also (insert into log values (1, 'x'); insert into log values (2, 'y'));\ninsert into t values (1);\n`,
  },
  {
    name: 'nested /* /* */ */ comments',
    client: `/* outer /* inner; */ still a comment; */ insert into log values (1, 'x');\n/* a */ insert into log values (2, 'y');\n`,
  },
  {
    name: 'dollar quotes, DO blocks, BEGIN ATOMIC bodies',
    client: `create function f() returns int language plpgsql as $body$ begin return 1; end $body$;\ndo $$ begin insert into log values (f(), 'do;'); end $$;\ncreate function g() returns int language sql begin atomic select 2; end;\ninsert into log values (g(), E'e\\'s;');\n`,
  },
  {
    name: 'COPY … FROM stdin with inline data',
    client: `copy log (n, s) from stdin;\n1\ta;b\n2\t\\N\n\\.\ninsert into log values (3, 'after');\n`,
  },
];

function runClient(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}): ${result.stderr}${result.stdout}`);
}

async function dihyaUp(url: string, text: string): Promise<void> {
  const project = createProject({ '20260101000000_case.sql': `-- migrate:up\n${text}` });
  try {
    const up = await cli(['up', '--url', url, '--json'], project.dir);
    expect(up.code, JSON.stringify(up.json)).toBe(0);
  } finally {
    project.cleanup();
  }
}

describe.runIf(testsOn('mysql'))('each splitting rule: dihya-migrate and the mariadb client leave the same database', () => {
  const state = async (url: string) => ({
    columns: await query(
      url,
      "select table_name as t, column_name as c, column_type as y from information_schema.columns where table_schema = database() and table_name not like 'dihya%' order by 1, 2",
    ),
    routines: await query(url, 'select routine_name as r from information_schema.routines where routine_schema = database() order by 1'),
    log: await query(url, 'select n, s from log order by n, s'),
  });
  let a: ScratchDatabase;
  let b: ScratchDatabase;
  beforeEach(async () => {
    [a, b] = [await createScratchDatabase('mysql'), await createScratchDatabase('mysql')];
    for (const db of [a, b]) await query(db.url, 'create table log (n int, s varchar(40))');
  });
  afterEach(async () => {
    await a.drop();
    await b.drop();
  });

  it.each(MYSQL_CASES)('$name', async ({ client, dihya }) => {
    const url = new URL(a.url);
    const args = ['--batch', '-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username), url.pathname.slice(1)];
    runClient('mariadb', args, client, { MYSQL_PWD: decodeURIComponent(url.password) });
    await dihyaUp(b.url, dihya ?? client);
    const expected = await state(a.url);
    expect((expected.log as unknown[]).length).toBeGreaterThan(0);
    expect(await state(b.url)).toEqual(expected);
  });
});

describe.runIf(testsOn('postgres'))('each splitting rule: dihya-migrate and psql leave the same database', () => {
  const state = async (url: string) => ({
    columns: await query(
      url,
      "select table_name as t, column_name as c, data_type as y from information_schema.columns where table_schema = 'public' and table_name not like 'dihya%' order by 1, 2",
    ),
    routines: await query(url, "select p.proname as r from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' order by 1"),
    rules: await query(url, "select rulename as r from pg_rules where schemaname = 'public' order by 1"),
    log: await query(url, 'select n, s from log order by n, s'),
  });
  let a: ScratchDatabase;
  let b: ScratchDatabase;
  beforeEach(async () => {
    [a, b] = [await createScratchDatabase('postgres'), await createScratchDatabase('postgres')];
    for (const db of [a, b]) await query(db.url, 'create table log (n int, s text)');
  });
  afterEach(async () => {
    await a.drop();
    await b.drop();
  });

  it.each(PG_CASES)('$name', async ({ client, dihya }) => {
    runClient('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', a.url], client, { PGOPTIONS: '-c client_min_messages=warning' });
    await dihyaUp(b.url, dihya ?? client);
    const expected = await state(a.url);
    expect((expected.log as unknown[]).length).toBeGreaterThan(0);
    expect(await state(b.url)).toEqual(expected);
  });
});

for (const dialect of ['mysql', 'postgres'] as const)
  describe.runIf(testsOn(dialect))(`where a statement starts, after comments, on ${dialect}`, () => {
    const files = {
      mysql:
        "-- migrate:up\n# a comment\n/* block */\nDELIMITER //\ncreate procedure q() begin insert into log values (1, 'a'); end//\nDELIMITER ;\n-- about the next one\n\ninsert into no_such_table values (1);\n",
      postgres: '-- migrate:up\n/* outer /* inner */ still */\ncreate table t (a int);\n-- about the next one\n\n  insert into no_such_table values (1);\n',
    };
    const lines = { mysql: [5, 9], postgres: [3, 6] };
    let db: ScratchDatabase;
    beforeEach(async () => {
      db = await createScratchDatabase(dialect);
      await query(db.url, 'create table log (n int, s varchar(40))');
    });
    afterEach(() => db.drop());

    it('plan --statements and a failure name the first line of the statement, not of the comments above it', async () => {
      const project = createProject({ '20260101000000_case.sql': files[dialect].replace('no_such_table values (1)', "log values (2, 'b')") });
      try {
        const plan = await cli(['plan', '--statements', '--url', db.url], project.dir);
        expect(plan.code, plan.stderr).toBe(0);
        const at = plan.stdout.split('\n').filter((l) => l.startsWith('-- at '));
        expect(at).toEqual(lines[dialect].map((n) => `-- at migrations/20260101000000_case.sql:${n}`));
        project.write('20260101000000_case.sql', files[dialect]);
        const failing = await cli(['plan', '--url', db.url, '--json'], project.dir);
        expect(failing.json.error.message).toMatch(new RegExp(`statement at line ${lines[dialect][1]}:`));
        const up = await cli(['up', '--url', db.url, '--json'], project.dir);
        expect(up.code).toBe(1);
        expect(up.json.error.message).toMatch(new RegExp(`statement at line ${lines[dialect][1]}:`));
      } finally {
        project.cleanup();
      }
    });
  });
