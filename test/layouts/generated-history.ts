import type { Dialect } from '../helpers/databases.ts';

/** The layouts a history is generated in. */
export type HistoryLayout = 'dihya' | 'golang-migrate' | 'flyway' | 'prisma' | 'sqitch';

/** Every layout, in the order the tests run them. */
export const HISTORY_LAYOUTS: readonly HistoryLayout[] = ['dihya', 'golang-migrate', 'flyway', 'prisma', 'sqitch'];

/** One generated step: its `up` and `down` scripts (bodies, no markers) and how it runs. */
interface Step {
  up: string;
  down: string;
  /** Runs outside a transaction (a concurrent index build). */
  noTransaction?: boolean;
  /** Wrapped in `BEGIN; … COMMIT;` where the layout's own tool writes it so (golang-migrate, Sqitch). */
  wrapped?: boolean;
  /** A Sqitch verify script. */
  verify?: string;
}

/**
 * A generated history of `count` migrations, as the layout's own tool lays it out: tables created
 * with rows, rows inserted and updated, columns added, indexes, views, procedures (PostgreSQL
 * functions, MariaDB procedures written with DELIMITER and CALLed), dynamic DDL (PostgreSQL
 * `DO … EXECUTE`, MariaDB `PREPARE`/`EXECUTE`), comment-only placeholders, and indexes built outside a
 * transaction (PostgreSQL `CONCURRENTLY`), each with its down (Prisma has none). `files` is path ->
 * text; `upScripts` the `up` scripts in order, as a person would hand them to the server's own client.
 *
 * @example
 * const { files, upScripts } = generatedHistory('sqitch', 300, 'postgres')
 */
export function generatedHistory(layout: HistoryLayout, count: number, dialect: Dialect): { files: Record<string, string>; upScripts: string[] } {
  const files: Record<string, string> = {};
  const upScripts: string[] = [];
  const plan = ['%syntax-version=1.0.0', '%project=history', ''];
  if (layout === 'prisma') files['migration_lock.toml'] = `provider = "${dialect === 'mysql' ? 'mysql' : dialect === 'sqlite' ? 'sqlite' : 'postgresql'}"\n`;
  for (let i = 1; i <= count; i++) {
    const s = step(i, dialect);
    const slug = `step_${i}`;
    const wrap = (text: string) => (s.wrapped && (layout === 'golang-migrate' || layout === 'sqitch') ? `BEGIN;\n${text}COMMIT;\n` : text);
    const marked = (text: string) => (s.noTransaction && layout !== 'flyway' ? `-- dihya:transaction false\n${text}` : text);
    const up = marked(wrap(s.up));
    const down = marked(wrap(s.down));
    switch (layout) {
      case 'dihya': {
        const option = s.noTransaction ? ' transaction:false' : '';
        files[`${timestamp(i)}_${slug}.sql`] = `-- migrate:up${option}\n${s.up}-- migrate:down${option}\n${s.down}`;
        upScripts.push(s.up);
        continue;
      }
      case 'golang-migrate':
        files[`${String(i).padStart(6, '0')}_${slug}.up.sql`] = up;
        files[`${String(i).padStart(6, '0')}_${slug}.down.sql`] = down;
        break;
      case 'flyway':
        files[`V1.${i}__${slug}.sql`] = up;
        files[`U1.${i}__${slug}.sql`] = down;
        if (s.noTransaction) {
          files[`V1.${i}__${slug}.sql.conf`] = 'executeInTransaction=false\n';
          files[`U1.${i}__${slug}.sql.conf`] = 'executeInTransaction=false\n';
        }
        break;
      case 'prisma':
        files[`${timestamp(i)}_${slug}/migration.sql`] = up;
        break;
      case 'sqitch':
        plan.push(`${slug} ${i > 1 ? '[step_1] ' : ''}2024-01-01T00:00:00Z Planner <planner@example.invalid> # Step ${i}.`);
        files[`deploy/${slug}.sql`] = `-- Deploy history:${slug}\n${up}`;
        files[`revert/${slug}.sql`] = `-- Revert history:${slug}\n${down}`;
        if (s.verify) files[`verify/${slug}.sql`] = s.verify;
        upScripts.push(files[`deploy/${slug}.sql`]!);
        continue;
    }
    upScripts.push(up);
  }
  if (layout === 'sqitch') files['sqitch.plan'] = `${plan.join('\n')}\n`;
  return { files, upScripts };
}

/** A 14-digit timestamp, one minute per step from 2024-01-01 (valid dates and times). */
function timestamp(i: number): string {
  return new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function step(i: number, dialect: Dialect): Step {
  if (i === 1) return { up: 'create table items (id integer primary key, v varchar(40));\n', down: 'drop table items;\n', wrapped: true };
  // indexes go on this decade's table (MariaDB allows 64 keys per table: a long history would exceed them on one)
  const table = i < 10 ? 'items' : `t_${i - (i % 10)}`;
  const dropIndex = (name: string) => (dialect === 'mysql' ? `drop index ${name} on ${table};\n` : `drop index ${name};\n`);
  switch (i % 10) {
    case 0:
      return {
        up: `create table t_${i} (id integer primary key, v varchar(20));\ninsert into t_${i} (id, v) values (1, 'x'), (2, 'y');\n`,
        down: `drop table t_${i};\n`,
        wrapped: true,
        verify: `select id, v from t_${i} where 1 = 0;\n`,
      };
    case 1:
      return { up: `insert into items (id, v) values (${i}, 'v${i}');\n`, down: `delete from items where id = ${i};\n`, wrapped: true };
    case 2:
      return { up: `alter table items add column c_${i} integer;\n`, down: `alter table items drop column c_${i};\n` };
    case 3:
      return { up: `-- placeholder ${i}: kept so versions match production\n`, down: '-- nothing to undo\n' };
    case 4:
      return { up: `create index ix_${i} on ${table} (v);\n`, down: dropIndex(`ix_${i}`) };
    case 5:
      return procedure(i, dialect);
    case 6:
      return dynamicDdl(i, dialect);
    case 7:
      if (dialect === 'postgres') {
        return { up: `create index concurrently cx_${i} on ${table} (v);\n`, down: `drop index concurrently cx_${i};\n`, noTransaction: true };
      }
      return {
        up: dialect === 'mysql' ? `create index cx_${i} on ${table} (v) algorithm = inplace lock = none;\n` : `create index cx_${i} on ${table} (v);\n`,
        down: dropIndex(`cx_${i}`),
        noTransaction: true,
      };
    case 8:
      return {
        up: `insert into items (id, v) values (${i}, 'a');\nupdate items set v = 'b${i}' where id = ${i};\n`,
        down: `delete from items where id = ${i};\n`,
      };
    default:
      return { up: `create view vw_${i} as select id, v from items where id > ${i};\n`, down: `drop view vw_${i};\n` };
  }
}

/** A routine that writes a row, called once: a PostgreSQL function, a MariaDB procedure (DELIMITER), a SQLite trigger. */
function procedure(i: number, dialect: Dialect): Step {
  const undo = `delete from items where id = ${i};\n`;
  if (dialect === 'postgres') {
    return {
      up: `create function f_${i}() returns void language plpgsql as $$\nbegin\n  insert into items (id, v) values (${i}, 'f');\nend\n$$;\nselect f_${i}();\n`,
      down: `${undo}drop function f_${i}();\n`,
    };
  }
  if (dialect === 'mysql') {
    return {
      up: `DELIMITER //\ncreate procedure p_${i}()\nbegin\n  insert into items (id, v) values (${i}, 'p');\nend //\nDELIMITER ;\ncall p_${i}();\n`,
      down: `${undo}drop procedure p_${i};\n`,
    };
  }
  return {
    up: `create table log_${i} (id integer);\ncreate trigger tr_${i} after insert on log_${i} begin\n  insert into items (id, v) values (new.id, 't');\nend;\ninsert into log_${i} (id) values (${i});\n`,
    down: `${undo}drop table log_${i};\n`,
  };
}

/** DDL the text does not show: PostgreSQL `DO … EXECUTE`, MariaDB `PREPARE`/`EXECUTE` (SQLite has neither: a plain CREATE). */
function dynamicDdl(i: number, dialect: Dialect): Step {
  const ddl = `create table d_${i} (id integer primary key, v varchar(20))`;
  const down = `drop table d_${i};\n`;
  if (dialect === 'postgres') return { up: `do $$\nbegin\n  execute '${ddl}';\nend\n$$;\n`, down };
  if (dialect === 'mysql') return { up: `set @ddl_${i} = '${ddl}';\nprepare s_${i} from @ddl_${i};\nexecute s_${i};\ndeallocate prepare s_${i};\n`, down };
  return { up: `${ddl};\n`, down };
}
