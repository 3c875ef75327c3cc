import { existsSync } from 'node:fs';
import path from 'node:path';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import { DihyaError, reasonOf } from '../../../errors/dihya-error.ts';
import { assembleTarget } from '../../assemble-target.ts';
import { sqlLiteral } from '../../sql-literal.ts';
import type { TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import type { Target } from '../../target.ts';
import { sqliteBackupDriver } from './backup-driver.ts';
import { snapshotSqliteSchema } from './introspect.ts';
import { sqliteCapabilities } from './capabilities.ts';
import { acquireSqliteLock } from './lock.ts';
import { openNodeSqlite } from './node-sqlite-database.ts';
import { sqliteSessionState } from './session-state.ts';

/** Kysely's SQLite driver, but transactions start with BEGIN IMMEDIATE so two writers never deadlock. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class NodeSqliteDialect extends SqliteDialect {
  #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Opens a SQLite file (created if missing, in an existing folder, unless `create: false`) as a Target.
 *
 * @example
 * const target = await connectSqlite({ dialect: 'sqlite', url: 'sqlite:./app.db', file: '/abs/app.db' })
 */
export async function connectSqlite(spec: Extract<TargetSpec, { dialect: 'sqlite' }>, options: { create?: boolean } = {}): Promise<Target> {
  const url = redactUrl(spec.url);
  if (spec.file !== ':memory:' && !existsSync(path.dirname(spec.file))) {
    throw new DihyaError('CONNECTION_FAILED', { url, reason: `folder ${path.dirname(spec.file)} does not exist` });
  }
  if (options.create === false && spec.file !== ':memory:' && !existsSync(spec.file)) throw new DihyaError('SQLITE_FILE_MISSING', { url });
  let database;
  try {
    database = openNodeSqlite(spec.file);
  } catch (error) {
    throw new DihyaError('CONNECTION_FAILED', { url, reason: reasonOf(error) }, { cause: error });
  }
  return assembleTarget({
    spec,
    dialect: new NodeSqliteDialect({ database }),
    capabilities: sqliteCapabilities,
    sessionState: sqliteSessionState,
    singleConnection: true,
    acquireLock: acquireSqliteLock,
    snapshotSchema: snapshotSqliteSchema,
    backup: sqliteBackupDriver(spec),
    sessionControl: {
      rollbackInPlace: () => {
        if (database.raw.isTransaction) database.raw.exec('rollback');
      },
    },
    tableExistsSql: (name) => `select 1 from sqlite_master where type = 'table' and name = ${sqlLiteral(name)}`,
  });
}
