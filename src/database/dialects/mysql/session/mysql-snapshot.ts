import type { Connection as PromiseConnection } from 'mysql2/promise';

/**
 * Starts a REPEATABLE READ, READ ONLY transaction WITH CONSISTENT SNAPSHOT: every InnoDB read
 * until COMMIT sees one instant. (Non-transactional engines such as MyISAM are not covered, nor
 * is DDL run meanwhile: SHOW CREATE reads the current definitions, as with mysqldump --single-transaction.)
 * The session also gets UTC, utf8mb4 and a plain sql_mode, so values and SHOW CREATE text are unambiguous.
 *
 * @example
 * await beginMysqlSnapshot(session.db)
 * const counts = await countMysqlRows(session.db)
 */
export async function beginMysqlSnapshot(db: PromiseConnection): Promise<void> {
  await db.query('SET NAMES utf8mb4');
  await db.query("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', time_zone = '+00:00'");
  await db.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await db.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
}

/**
 * Exact row count of every base table of the connected database, read in the caller's transaction.
 * Views and (MariaDB) sequences are left out.
 *
 * @example
 * await countMysqlRows(session.db) // { customers: 1200, orders: 5400 }
 */
export async function countMysqlRows(
  db: PromiseConnection,
  scope: { tables?: readonly string[]; exclude?: readonly string[] } = {},
): Promise<Record<string, number>> {
  return countMysqlTableRows(db, await mysqlTablesInScope(db, scope));
}

/**
 * The base tables of the connected database in a backup's scope (see inMysqlScope), by name.
 *
 * @example
 * await mysqlTablesInScope(session.db, { exclude: ['dihya_audit'] }) // ['customers', 'orders']
 */
export async function mysqlTablesInScope(db: PromiseConnection, scope: { tables?: readonly string[]; exclude?: readonly string[] } = {}): Promise<string[]> {
  const [tables] = await db.query<any[]>(
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME`,
  );
  return (tables as { name: string }[]).map((t) => t.name).filter((name) => inMysqlScope(name, scope));
}

/**
 * True when every one of `names` is a base table (not system-versioned) and together they hold at
 * most `maxBytes` of data and indexes (InnoDB's estimate): small enough for the driver to dump
 * faster than a mariadb-dump process starts. Names are matched exactly (only those tables'
 * definitions are opened); any name not found answers false.
 *
 * @example
 * await smallBaseTables(session.db, ['settings'], 4 * 1024 * 1024) // true
 */
export async function smallBaseTables(db: PromiseConnection, names: readonly string[], maxBytes: number): Promise<boolean> {
  if (names.length === 0) return true;
  const [rows] = await db.query<any[]>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) AS bytes
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)`,
    [names],
  );
  const found = rows as { name: string; type: string; bytes: number | string }[];
  if (new Set(found.map((r) => r.name)).size !== new Set(names).size) return false;
  if (found.some((r) => r.type !== 'BASE TABLE')) return false;
  return found.reduce((sum, r) => sum + Number(r.bytes), 0) <= maxBytes;
}

/**
 * Exact row count of each of `names`, read in the caller's transaction, 100 tables a query.
 *
 * @example
 * await countMysqlTableRows(session.db, ['customers', 'orders']) // { customers: 1200, orders: 5400 }
 */
export async function countMysqlTableRows(db: PromiseConnection, names: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let start = 0; start < names.length; start += 100) {
    const chunk = names.slice(start, start + 100);
    const text = chunk.map((name, i) => `SELECT ${i} AS i, COUNT(*) AS n FROM \`${name.replace(/`/g, '``')}\``).join(' UNION ALL ');
    const [rows] = await db.query<any[]>(text);
    for (const row of rows as { i: number | string; n: number | string }[]) counts[chunk[Number(row.i)]!] = Number(row.n);
  }
  return counts;
}

/**
 * True when a table belongs to a backup's scope: named in `tables` (when given) and not in
 * `exclude`, names compared without case as MariaDB does on most systems.
 *
 * @example
 * inMysqlScope('Orders', { tables: ['orders'] }) // true
 * inMysqlScope('dihya_audit', { exclude: ['dihya_audit'] }) // false
 */
export function inMysqlScope(name: string, scope: { tables?: readonly string[]; exclude?: readonly string[] }): boolean {
  const lower = name.toLowerCase();
  if (scope.exclude?.some((t) => t.toLowerCase() === lower)) return false;
  return !scope.tables || scope.tables.some((t) => t.toLowerCase() === lower);
}
