import { describe, expect, it } from 'vitest';
import { splitSqlStatements, SqlTextError, stripLeadingComments } from '../../src/sql/split-sql.ts';

type D = 'sqlite' | 'postgres' | 'mysql';
const sqls = (text: string, dialect: D = 'postgres') => splitSqlStatements(text, dialect).map((s) => s.sql);
const lines = (text: string, dialect: D = 'postgres') => splitSqlStatements(text, dialect).map((s) => s.line);

describe('splitSqlStatements: common rules', () => {
  it('splits on semicolons and reports the line each statement starts on', () => {
    expect(splitSqlStatements('create table a (x int);\n\ninsert into a values (1);\n', 'sqlite')).toEqual([
      { sql: 'create table a (x int)', line: 1 },
      { sql: 'insert into a values (1)', line: 3 },
    ]);
  });

  it('reports the line of the first code, not of the comments above it', () => {
    const text = 'select 1;\n-- why\n-- and more\n\nselect 2;\n/* block\n */ select 3;';
    expect(lines(text, 'mysql')).toEqual([1, 5, 7]);
    expect(lines(text, 'postgres')).toEqual([1, 5, 7]);
    expect(lines(text, 'sqlite')).toEqual([1, 5, 7]);
  });

  it('drops the line comments before a statement; PostgreSQL and SQLite keep a block comment (hints), MySQL drops it', () => {
    expect(sqls('-- c;d\nselect 1 /* x; y */;', 'postgres')).toEqual(['select 1 /* x; y */']);
    expect(sqls('/*+ SeqScan(t) */ select 1;', 'postgres')).toEqual(['/*+ SeqScan(t) */ select 1']);
    expect(sqls('/* note */ select 1;', 'mysql')).toEqual(['select 1']);
    expect(sqls('# note;\nselect 2;', 'mysql')).toEqual(['select 2']);
  });

  it('keeps semicolons inside strings, identifiers and comments', () => {
    expect(sqls(`insert into t values ('a;b', 'it''s;'); select "we;ird" from t; -- c;d\nselect 1 /* x; y */;`)).toEqual([
      "insert into t values ('a;b', 'it''s;')",
      'select "we;ird" from t',
      'select 1 /* x; y */',
    ]);
    expect(sqls('insert into t values (\'a\\\';b\', "c\\";d"); select `x;y` from t; # note;\nselect 2;', 'mysql')).toEqual([
      'insert into t values (\'a\\\';b\', "c\\";d")',
      'select `x;y` from t',
      'select 2',
    ]);
    expect(sqls('select [a;b], `c;d`, "e;f" from t; select 2', 'sqlite')).toEqual(['select [a;b], `c;d`, "e;f" from t', 'select 2']);
  });

  it('drops empty and comment-only pieces, and runs an unclosed string or comment to the end', () => {
    expect(sqls(';;\n-- nothing here\n;  ;')).toEqual([]);
    expect(sqls("select 'open; select 2;")).toEqual(["select 'open; select 2;"]);
    expect(sqls('select 1 /* open; select 2;', 'mysql')).toEqual(['select 1 /* open; select 2;']);
  });

  it('splits long files in linear time: 32,000 statements with CASE … END (over 40 s before)', () => {
    const text = Array.from({ length: 32_000 }, (_, i) => `select case when ${i} > 0 then 'a' else 'b' end;`).join('\n');
    for (const dialect of ['mysql', 'postgres', 'sqlite'] as const) expect(splitSqlStatements(text, dialect)).toHaveLength(32_000);
    const routines = Array.from({ length: 8_000 }, (_, i) => `create procedure p${i}() begin case when 1 then select 1; end case; end;`).join('\n');
    expect(splitSqlStatements(routines, 'mysql')).toHaveLength(8_000);
  });

  it('takes a number of steps bounded by the tokens read: 32,000 CASE … END statements take twice the steps of 16,000', () => {
    const statements = (n: number) => Array.from({ length: n }, (_, i) => `select case when ${i} > 0 then 'a' else 'b' end;`).join('\n');
    const routines = (n: number) => Array.from({ length: n }, (_, i) => `create procedure p${i}() begin case when 1 then select 1; end case; end;`).join('\n');
    for (const [make, dialects] of [
      [statements, ['mysql', 'postgres', 'sqlite']],
      [routines, ['mysql']],
    ] as const) {
      for (const dialect of dialects) {
        const [half, full] = [16_000, 32_000].map((n) => {
          const text = make(n);
          const stats = { steps: 0 };
          expect(splitSqlStatements(text, dialect, stats)).toHaveLength(n);
          // every step moves past at least one character
          expect(stats.steps).toBeLessThanOrEqual(text.length);
          return stats.steps / n;
        });
        expect(full, dialect).toBeLessThanOrEqual(half! * 1.01);
      }
    }
  });
});

describe('splitSqlStatements: PostgreSQL (as psql)', () => {
  it('keeps dollar-quoted bodies whole', () => {
    const fn = `create function f() returns int language plpgsql as $body$ begin perform 1; return 2; end; $body$;\nselect f();`;
    expect(sqls(fn)).toEqual([fn.split('\n')[0]!.slice(0, -1), 'select f()']);
    expect(sqls("do $$ begin raise notice 'a;'; end $$; select 1;")).toHaveLength(2);
    expect(sqls('select $1, a$b$c; select 2')).toEqual(['select $1, a$b$c', 'select 2']);
  });

  it('runs an unclosed nested comment or dollar quote to the end', () => {
    expect(sqls('select 1; /* a /* b */ still open; select 2;')).toEqual(['select 1']);
    expect(sqls('select 1; select $x$ open; select 2;')).toEqual(['select 1', 'select $x$ open; select 2;']);
  });

  it('reads nested block comments /* /* */ */ as one comment', () => {
    expect(sqls('/* outer /* inner; */ still comment; */ select 1; select 2;')).toEqual(['/* outer /* inner; */ still comment; */ select 1', 'select 2']);
    expect(sqls('/* outer /* inner; */ still comment; */ select 1; select 2;', 'mysql')).toEqual(['still comment', '*/ select 1', 'select 2']);
  });

  it('keeps `;` inside parentheses: CREATE RULE … DO ALSO ( …; … )', () => {
    const rule = 'create rule r as on insert to src do also (insert into sink values (1); insert into sink values (2))';
    expect(sqls(`${rule};\nselect 1;`)).toEqual([rule, 'select 1']);
    expect(sqls('select (1; select 2', 'mysql')).toEqual(['select (1', 'select 2']);
  });

  it('keeps BEGIN ATOMIC … END function bodies whole, with CASE inside', () => {
    const fn = 'create or replace function f() returns int language sql begin atomic select case when true then 1 end; select 2; end';
    expect(sqls(`${fn};\nselect f();`)).toEqual([fn, 'select f()']);
    const proc = 'create procedure p() language sql begin atomic insert into t values (1); end';
    expect(sqls(`${proc};select 1;`)).toEqual([proc, 'select 1']);
    // outside such a body, CASE … END changes nothing
    expect(sqls('create function g(x int) returns int language sql return case when x > 0 then 1 else 0 end; select 2;')).toHaveLength(2);
    expect(sqls('begin; select 1; end;')).toEqual(['begin', 'select 1', 'end']);
  });

  it('escapes quotes with a backslash only in E strings', () => {
    expect(sqls("select 'a\\'; select 2;")).toEqual(["select 'a\\'", 'select 2']);
    expect(sqls("select E'a\\'; b'; select 2;")).toEqual(["select E'a\\'; b'", 'select 2']);
    expect(sqls("select some'a\\'; select 2;")).toEqual(["select some'a\\'", 'select 2']);
  });
});

describe('splitSqlStatements: MySQL / MariaDB (as the mariadb client)', () => {
  it('takes `--` as a comment only before whitespace: `v--1` is v - (-1)', () => {
    expect(sqls('select 5--1; select 2;', 'mysql')).toEqual(['select 5--1', 'select 2']);
    expect(sqls('select v--1 from t; select 2 -- c;\n;', 'mysql')).toEqual(['select v--1 from t', 'select 2 -- c;']);
    expect(sqls('select 5--1; select 2;', 'postgres')).toEqual(['select 5--1; select 2;']);
    // the client drops a line starting with -- even without a space
    expect(sqls('--x note;\nselect 1;', 'mysql')).toEqual(['select 1']);
  });

  it('reads # as a comment on MySQL only', () => {
    expect(sqls('select 1 # c;\n, 2; select 3;', 'mysql')).toEqual(['select 1 # c;\n, 2', 'select 3']);
    expect(sqls('select 1 #; select 3;', 'sqlite')).toEqual(['select 1 #', 'select 3']);
  });

  it('honours DELIMITER after a comment or a header, before any code of the statement', () => {
    const text = '-- header\n/* block */\n  delimiter //\ncreate procedure q() begin select 1; select 2; end//\nDELIMITER ;\nselect 4;\n';
    expect(splitSqlStatements(text, 'mysql')).toEqual([
      { sql: 'create procedure q() begin select 1; select 2; end', line: 4 },
      { sql: 'select 4', line: 6 },
    ]);
    // inside a statement, DELIMITER is SQL text (the client sends it to the server)
    expect(sqls('select 1\nDELIMITER //\n;', 'mysql')).toEqual(['select 1\nDELIMITER //']);
    // only on MySQL
    expect(sqls('DELIMITER //\nselect 1//', 'postgres')).toEqual(['DELIMITER //\nselect 1//']);
  });

  it('takes DELIMITER # (the delimiter before comments), a quoted delimiter, and a delimiter inside a word', () => {
    expect(sqls('DELIMITER #\nselect 1 as two#\nselect 3#\nDELIMITER ;\nselect 4 # comment\n;', 'mysql')).toEqual([
      'select 1 as two',
      'select 3',
      'select 4 # comment',
    ]);
    expect(sqls("DELIMITER '$$'\nselect 4$$ select 44 as x$$", 'mysql')).toEqual(['select 4', 'select 44 as x']);
    expect(sqls('DELIMITER "//\nselect 5//', 'mysql')).toEqual(['select 5']);
    expect(sqls('DELIMITER GO\nselect 1 GO select 2GO', 'mysql')).toEqual(['select 1', 'select 2']);
    expect(sqls('DELIMITER ;;\nselect 1; select 2;;\nDELIMITER ;\nselect 3;', 'mysql')).toEqual(['select 1; select 2', 'select 3']);
  });

  it('refuses a DELIMITER line without a delimiter or with a backslash, naming the line', () => {
    expect(() => splitSqlStatements('select 1;\nDELIMITER\nselect 2;', 'mysql')).toThrow(SqlTextError);
    try {
      splitSqlStatements('select 1;\n\nDELIMITER  \nselect 2;', 'mysql');
    } catch (error) {
      expect(error).toMatchObject({ line: 3, message: /must be followed by a 'delimiter'/ });
    }
    expect(() => splitSqlStatements('DELIMITER \\x\n', 'mysql')).toThrow(/backslash/);
  });

  it('keeps routines written with `;` whole: BEGIN … END with END CASE / END IF / END LOOP / END WHILE / END REPEAT / END FOR', () => {
    const proc = `create definer=\`root\`@\`%\` procedure p(in x int)
begin
  declare i int default 0;
  case x when 1 then select 'one'; else begin select 'other'; end; end case;
  if x > 1 then select 1; elseif x < 0 then select 2; else select 3; end if;
  lbl: loop set i = i + 1; if i > 3 then leave lbl; end if; end loop lbl;
  while i < 6 do set i = i + 1; end while;
  repeat set i = i + 1; until i > 9 end repeat;
  for j in 1..3 do set i = i + case when j > 1 then j else 0 end; end for;
  set i = (case when i > 0 then 1 end);
end`;
    expect(sqls(`${proc};\nselect 3;\nselect 4;`, 'mysql')).toEqual([proc, 'select 3', 'select 4']);
    const fn = 'create function f() returns int deterministic begin return case when 1 then 2 else 3 end; end';
    const trigger = 'create trigger t_bi before insert on t for each row begin if new.a is null then set new.a = 1; end if; end';
    const event = 'create event e on schedule every 1 day do begin delete from t; end';
    expect(sqls(`${fn};${trigger};${event}; select 5;`, 'mysql')).toEqual([fn, trigger, event, 'select 5']);
    // END FOR UPDATE: that END closed a CASE
    const forUpdate = 'create procedure q() begin select case when 1 then 2 end for update; select 3; end';
    expect(sqls(`${forUpdate}; select 6;`, 'mysql')).toEqual([forUpdate, 'select 6']);
  });

  it('keeps MariaDB BEGIN NOT ATOMIC blocks whole; a plain BEGIN is a transaction', () => {
    const block = 'begin not atomic declare x int default 1; if x then select 1; end if; end';
    expect(sqls(`${block};\nselect 2;`, 'mysql')).toEqual([block, 'select 2']);
    expect(sqls('begin; select 1; commit; begin work; rollback;', 'mysql')).toEqual(['begin', 'select 1', 'commit', 'begin work', 'rollback']);
  });

  it('does not take tables or columns named like routine words for routines', () => {
    expect(sqls('create table event (begin int, a int); select 1; create or replace view v as select case when 1 then 2 end; select 2;', 'mysql')).toEqual([
      'create table event (begin int, a int)',
      'select 1',
      'create or replace view v as select case when 1 then 2 end',
      'select 2',
    ]);
    expect(sqls('create trigger tr before insert on t for each row set new.a = 1; select 1;', 'mysql')).toHaveLength(2);
  });

  it('reads executable comments as code, as the client does (mysqldump output)', () => {
    const dump = [
      '/*M!999999\\- enable the sandbox mode */ ',
      '/*!40101 SET NAMES utf8mb4 */;',
      '/* a plain comment; not code */;',
      'DELIMITER ;;',
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = ';'; END */;;",
      'DELIMITER ;',
      '/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;',
    ].join('\n');
    expect(sqls(dump, 'mysql')).toEqual([
      '/*M!999999\\- enable the sandbox mode */ \n/*!40101 SET NAMES utf8mb4 */',
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = ';'; END */",
      '/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */',
    ]);
    // like the client, a `;` inside an executable comment ends the statement
    expect(sqls('/*!40101 select 2 as b; */', 'mysql')).toEqual(['/*!40101 select 2 as b', '*/']);
    expect(sqls('/*!40101 SET NAMES utf8mb4 */;', 'postgres')).toEqual([]);
  });
});

describe('splitSqlStatements: SQLite (as sqlite3)', () => {
  it('keeps trigger bodies whole up to `; END;`, with CASE … END and END as a column name inside', () => {
    const trigger = `create temp trigger if not exists t_audit after insert on t begin
  insert into log values (case when new.x > 0 then 'pos' else 'neg' end);
  update t set end = 1;
end`;
    expect(sqls(`${trigger};\nselect 1;`, 'sqlite')).toEqual([trigger, 'select 1']);
    expect(sqls('begin; select 1; end; create table "trigger" (a); select 2;', 'sqlite')).toEqual([
      'begin',
      'select 1',
      'end',
      'create table "trigger" (a)',
      'select 2',
    ]);
  });
});

describe('stripLeadingComments', () => {
  it('uses the dialect’s comments when given one', () => {
    expect(stripLeadingComments('-- a\n/* b */ select 1')).toBe('select 1');
    expect(stripLeadingComments('# a\n/* b */ commit', 'mysql')).toBe('commit');
    expect(stripLeadingComments('/*!40101 set x = 1 */', 'mysql')).toBe('/*!40101 set x = 1 */');
    expect(stripLeadingComments('/* a /* b */ c */ vacuum', 'postgres')).toBe('vacuum');
    expect(stripLeadingComments('  -- only', 'sqlite')).toBe('');
  });
});
