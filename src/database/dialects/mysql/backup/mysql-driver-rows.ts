import type { Connection as PromiseConnection } from 'mysql2/promise';
import type { TextFileWriter } from '../../../../tools/text-file-writer.ts';
import { quoteMysqlIdent, type MysqlSession } from '../session/mysql-connection.ts';

const BINARY_TYPES = new Set([
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
]);

/** Largest INSERT statement written, in characters (well under the default max_allowed_packet). */
const MAX_STATEMENT_CHARS = 512 * 1024;

/**
 * The SQL expression that makes the server itself print a column's value as an SQL literal:
 * `0x…` hex for binary and spatial values (empty ones as ''), `b'…'` for BIT, QUOTE() for the rest
 * (NULL comes out as the word NULL). Exact for every type the server prints losslessly as text.
 *
 * @example
 * mysqlLiteralExpression('photo', 'blob') // "IF(`photo` IS NULL, 'NULL', IF(LENGTH(`photo`) = 0, '''''', CONCAT('0x', HEX(`photo`))))"
 */
export function mysqlLiteralExpression(column: string, dataType: string): string {
  const id = quoteMysqlIdent(column);
  const type = dataType.toLowerCase();
  if (BINARY_TYPES.has(type)) return `IF(${id} IS NULL, 'NULL', IF(LENGTH(${id}) = 0, '''''', CONCAT('0x', HEX(${id}))))`;
  if (type === 'bit') return `IF(${id} IS NULL, 'NULL', CONCAT('b''', BIN(${id} + 0), ''''))`;
  return `QUOTE(${id})`;
}

/**
 * The columns a dump writes for `table`: all but generated (virtual or stored) ones, with their types.
 *
 * @example
 * await dumpableMysqlColumns(session.db, 'orders') // [{ name: 'id', type: 'int' }, { name: 'note', type: 'text' }]
 */
export async function dumpableMysqlColumns(db: PromiseConnection, table: string): Promise<{ name: string; type: string }[]> {
  const [rows] = await db.query<any[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  return (rows as { name: string; type: string; extra: string }[])
    .filter((c) => !/\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.test(c.extra ?? ''))
    .map(({ name, type }) => ({ name, type }));
}

/**
 * Streams every row of `table` (in the session's current transaction) into `out` as multi-row
 * `INSERT INTO … (columns) VALUES …;` statements, the values printed as literals by the server.
 *
 * @example
 * await writeMysqlTableRows(session, 'orders', out)
 */
export async function writeMysqlTableRows(session: MysqlSession, table: string, out: TextFileWriter): Promise<void> {
  const columns = await dumpableMysqlColumns(session.db, table);
  if (columns.length === 0) return;
  const head = `INSERT INTO ${quoteMysqlIdent(table)} (${columns.map((c) => quoteMysqlIdent(c.name)).join(', ')}) VALUES\n`;
  const select = `SELECT ${columns.map((c) => mysqlLiteralExpression(c.name, c.type)).join(', ')} FROM ${quoteMysqlIdent(table)}`;
  const stream = session.raw.query({ sql: select, rowsAsArray: true }).stream();
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await out.write(`${head}${batch.join(',\n')};\n`);
    batch = [];
    size = 0;
  };
  for await (const row of stream as AsyncIterable<unknown[]>) {
    const tuple = `(${row.map((value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value))).join(',')})`;
    batch.push(tuple);
    size += tuple.length + 2;
    if (size >= MAX_STATEMENT_CHARS) await flush();
  }
  await flush();
  await out.write('\n');
}
