import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';

const sqls = (text: string, dialect: 'sqlite' | 'postgres' | 'mysql' = 'postgres') => splitSqlStatements(text, dialect).map((s) => s.sql);

describe('splitSqlStatements', () => {
  it('splits on semicolons and reports the line each statement starts on', () => {
    expect(splitSqlStatements('create table a (x int);\n\ninsert into a values (1);\n', 'sqlite')).toEqual([
      { sql: 'create table a (x int)', line: 1 },
      { sql: 'insert into a values (1)', line: 3 },
    ]);
  });

  it('keeps semicolons inside strings, identifiers and comments', () => {
    expect(sqls(`insert into t values ('a;b', 'it''s;'); select "we;ird" from t; -- c;d\nselect 1 /* x; y */;`)).toEqual([
      "insert into t values ('a;b', 'it''s;')",
      'select "we;ird" from t',
      '-- c;d\nselect 1 /* x; y */',
    ]);
    expect(sqls("insert into t values ('a\\';b'); select `x;y` from t; # note;\nselect 2;", 'mysql')).toEqual([
      "insert into t values ('a\\';b')",
      'select `x;y` from t',
      '# note;\nselect 2',
    ]);
  });

  it('keeps Postgres dollar-quoted bodies whole', () => {
    const fn = `create function f() returns int language plpgsql as $body$ begin perform 1; return 2; end; $body$;\nselect f();`;
    expect(sqls(fn)).toEqual([fn.split('\n')[0]!.slice(0, -1), 'select f()']);
    expect(sqls("do $$ begin raise notice 'a;'; end $$; select 1;")).toHaveLength(2);
  });

  it('keeps trigger bodies whole, with CASE … END inside', () => {
    const trigger = `create trigger t_audit after insert on t begin
  insert into log values (case when new.x > 0 then 'pos' else 'neg' end);
  update t set y = 1;
end;
select 1;`;
    const out = sqls(trigger, 'sqlite');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^create trigger[\s\S]*end$/);
  });

  it('handles MySQL routines with END IF and the DELIMITER directive', () => {
    const proc = `create procedure p() begin
  if 1 = 1 then select 1; end if;
  select 2;
end;
select 3;`;
    expect(sqls(proc, 'mysql')).toHaveLength(2);
    const withDelimiter = `DELIMITER //\ncreate procedure q() begin select 1; select 2; end//\nDELIMITER ;\nselect 4;\n`;
    const out = sqls(withDelimiter, 'mysql');
    expect(out).toEqual(['create procedure q() begin select 1; select 2; end', 'select 4']);
  });

  it('drops empty and comment-only pieces', () => {
    expect(sqls(';;\n-- nothing here\n;  ;')).toEqual([]);
  });

  it('keeps MySQL executable comments (as mysqldump writes them) as statements', () => {
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
    expect(sqls('/*!40101 SET NAMES utf8mb4 */;', 'postgres')).toEqual([]);
  });
});
