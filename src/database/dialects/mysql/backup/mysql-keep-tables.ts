import { createHash } from 'node:crypto';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { quoteMysqlIdent } from '../session/mysql-connection.ts';

/**
 * The name a kept table is parked under while a restore replays a dump that may hold an older
 * copy of it: fixed (so an interrupted restore is recovered by the next one), at most 64 characters.
 *
 * @example
 * parkedMysqlName('dihya_audit') // '__dihya_kept_dihya_audit'
 */
export function parkedMysqlName(table: string): string {
  const name = `__dihya_kept_${table}`;
  return name.length <= 64 ? name : `__dihya_kept_${createHash('sha256').update(table).digest('hex').slice(0, 40)}`;
}

async function tableExists(db: PromiseConnection, name: string): Promise<boolean> {
  const [rows] = await db.query<any[]>('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [name]);
  return (rows as unknown[]).length > 0;
}

/**
 * Parks the `keep` tables (RENAME TABLE, instant) before a whole-database restore, first putting
 * back any a previous, interrupted restore left parked. Returns the tables parked.
 *
 * @example
 * const parked = await parkMysqlTables(db, ['dihya_audit'])
 * await replay()
 * await unparkMysqlTables(db, parked)
 */
export async function parkMysqlTables(db: PromiseConnection, keep: readonly string[]): Promise<string[]> {
  await unparkMysqlTables(db, keep);
  const parked: string[] = [];
  for (const table of keep) {
    if (!(await tableExists(db, table))) continue;
    await db.query(`RENAME TABLE ${quoteMysqlIdent(table)} TO ${quoteMysqlIdent(parkedMysqlName(table))}`);
    parked.push(table);
  }
  return parked;
}

/**
 * Puts parked tables back under their names, dropping the copy a replayed dump may have brought.
 *
 * @example
 * await unparkMysqlTables(db, ['dihya_audit'])
 */
export async function unparkMysqlTables(db: PromiseConnection, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const parked = parkedMysqlName(table);
    if (!(await tableExists(db, parked))) continue;
    await db.query(`DROP TABLE IF EXISTS ${quoteMysqlIdent(table)}`);
    await db.query(`RENAME TABLE ${quoteMysqlIdent(parked)} TO ${quoteMysqlIdent(table)}`);
  }
}
