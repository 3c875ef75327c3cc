import type { LoadedMigration } from './load-migration.ts';

/** Database drivers and query builders a migration could open its own connections with. */
const DRIVER_IMPORT =
  /\b(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"](pg|pg-pool|postgres|mysql|mysql2|mysql2\/promise|mariadb|better-sqlite3|sqlite3|node:sqlite|knex|typeorm|sequelize|@prisma\/client|@databases\/[\w-]+)['"]/;
/** Connection constructors, whatever they were imported as. */
const CONNECTION_CALL = /\bnew\s+(?:Kysely|Pool|Client|DatabaseSync)\s*\(|\bcreate(?:Connection|Pool)\s*\(/;

/**
 * What in a TypeScript/JavaScript migration opens database connections of its own (a driver
 * import, a `new Kysely(…)`/`new Pool(…)`/`createConnection(…)`), or undefined. Such connections
 * escape the migration's transaction, its statement checks, its backups and its deadline, and a
 * second connection can deadlock against the migration's own locks, so they are refused unless
 * the migration declares `ownConnections: true`. SQL migrations cannot open connections.
 *
 * @example
 * ownConnectionsOf(loaded) // "imports 'pg'"
 */
export function ownConnectionsOf(migration: LoadedMigration): string | undefined {
  if (migration.kind === 'sql' || migration.definition.ownConnections === true) return undefined;
  const code = migration.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const imported = DRIVER_IMPORT.exec(code);
  if (imported) return `imports '${imported[1]}'`;
  const call = CONNECTION_CALL.exec(code);
  if (call) return `calls ${call[0].replace(/\s*\($/, '').trim()}(…)`;
  return undefined;
}
