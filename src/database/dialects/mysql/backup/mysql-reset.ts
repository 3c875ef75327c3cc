import type { Connection as PromiseConnection } from 'mysql2/promise';
import { quoteMysqlIdent } from '../session/mysql-connection.ts';

/**
 * Drops every view, table (with its triggers), sequence, stored procedure, function and event of
 * the connected database but the `keep` tables (and tables parked by a restore), with FOREIGN_KEY_CHECKS=0 so the order does not matter. Each DROP commits
 * by itself (MySQL DDL is not transactional). Returns how many objects were dropped.
 *
 * @example
 * await dropAllMysqlObjects(session.db, ['dihya_audit']) // 12
 */
export async function dropAllMysqlObjects(db: PromiseConnection, keep: readonly string[] = []): Promise<number> {
  const [relations] = await db.query<any[]>(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()
      ORDER BY TABLE_TYPE = 'VIEW' DESC, TABLE_NAME`,
  );
  const [routines] = await db.query<any[]>(
    `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()`,
  );
  const [events] = await db.query<any[]>(`SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()`);
  const statements: string[] = [];
  const kept = new Set(keep.map((t) => t.toLowerCase()));
  for (const { name, type } of relations as { name: string; type: string }[]) {
    if (kept.has(name.toLowerCase()) || name.startsWith('__dihya_kept_')) continue;
    const kind = type === 'VIEW' ? 'VIEW' : type === 'SEQUENCE' ? 'SEQUENCE' : type === 'TEMPORARY' ? undefined : 'TABLE';
    if (kind) statements.push(`DROP ${kind} IF EXISTS ${quoteMysqlIdent(name)}`);
  }
  for (const { name, type } of routines as { name: string; type: string }[]) statements.push(`DROP ${type} IF EXISTS ${quoteMysqlIdent(name)}`);
  for (const { name } of events as { name: string }[]) statements.push(`DROP EVENT IF EXISTS ${quoteMysqlIdent(name)}`);
  await db.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const statement of statements) await db.query(statement);
  } finally {
    await db.query('SET FOREIGN_KEY_CHECKS = 1');
  }
  return statements.length;
}
