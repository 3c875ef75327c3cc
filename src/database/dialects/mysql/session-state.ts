import type { StatementConnection } from '../../target.ts';
import type { SessionState } from '../../session-state.ts';
import { quoteMysqlIdent } from './session/mysql-connection.ts';

/** Session variables that change by themselves or cannot be set back: never restored. */
const MOVING = new Set([
  'timestamp',
  'last_insert_id',
  'insert_id',
  'identity',
  'rand_seed1',
  'rand_seed2',
  'in_transaction',
  'last_gtid',
  'gtid_seq_no',
  'pseudo_thread_id',
  'warning_count',
  'error_count',
  'server_id',
]);

type Values = Map<string, string | null>;

async function read(connection: StatementConnection, table: 'session_variables' | 'user_variables'): Promise<Values> {
  const rows = await connection.query<{ name: string; value: string | null }>(
    `select variable_name as name, variable_value as value from information_schema.${table}`,
  );
  return new Map(rows.map((r) => [table === 'session_variables' ? String(r.name).toLowerCase() : String(r.name), r.value === null ? null : String(r.value)]));
}

function literal(value: string | null): string {
  if (value === null) return 'NULL';
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * MariaDB / MySQL: reads the current database, the session variables and the user variables
 * before the migration's first `SET` or `USE`; afterwards sets back every session variable that
 * changed, `USE`s the database again, and puts user variables back (those the migration created
 * become NULL, which is how an unset one reads).
 *
 * @example
 * const restore = await mysqlSessionState.capture(connection) // before `use other_db`
 * await restore(connection)                                   // `USE app`, `SET @@session.sql_mode = …`
 */
export const mysqlSessionState: SessionState = {
  async capture(connection) {
    const database = (await connection.query<{ db: string | null }>('select database() as db'))[0]?.db ?? null;
    const session = await read(connection, 'session_variables');
    const user = await read(connection, 'user_variables');
    return async (c) => {
      if (database !== null) await c.query(`use ${quoteMysqlIdent(database)}`);
      for (const [name, value] of await read(c, 'session_variables')) {
        if (MOVING.has(name) || !/^\w+$/.test(name) || !session.has(name) || session.get(name) === value) continue;
        // best effort, one by one: a variable the server refuses to set back now stays as it is
        await c.query(`set @@session.${name} = ${literal(session.get(name)!)}`).catch(() => undefined);
      }
      for (const [name, value] of await read(c, 'user_variables')) {
        const before = user.has(name) ? user.get(name)! : null;
        if (before !== value) await c.query(`set @${quoteMysqlIdent(name)} = ${literal(before)}`);
      }
    };
  },
};
