import { MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import mysqlPromise from 'mysql2/promise';
import type mysql from 'mysql2/promise';
import { DihyaError, reasonOf } from '../../../errors/dihya-error.ts';
import { assembleTarget } from '../../assemble-target.ts';
import { sqlLiteral } from '../../sql-literal.ts';
import type { TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import type { Target } from '../../target.ts';
import { mysqlBackupDriver } from './backup-driver.ts';
import { snapshotMysqlSchema } from './introspect.ts';
import { mysqlCapabilities } from './capabilities.ts';
import { commitsImplicitly } from './implicit-commit.ts';
import { acquireMysqlLock } from './lock.ts';
import { updateMysqlRows } from './row-updates.ts';
import { mysqlSessionState } from './session-state.ts';
import { mysqlBatching } from './statement-batch.ts';

/**
 * Connects to MySQL or MariaDB through a small `mysql2` pool and checks the connection at once.
 *
 * @example
 * const target = await connectMysql(parseTargetUrl('mysql://root@127.0.0.1:3306/app'))
 */
export async function connectMysql(spec: Extract<TargetSpec, { dialect: 'mysql' }>): Promise<Target> {
  const options: mysql.ConnectionOptions = {
    uri: spec.url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    connectTimeout: 10_000,
  };
  const pool = createPool({ ...options, connectionLimit: 4 });
  try {
    await new Promise<void>((resolve, reject) =>
      pool.getConnection((error, connection) => {
        if (error) return reject(error);
        connection.release();
        resolve();
      }),
    );
  } catch (error) {
    await new Promise((resolve) => pool.end(resolve));
    throw new DihyaError('CONNECTION_FAILED', { url: redactUrl(spec.url), reason: reasonOf(error) }, { cause: error });
  }
  // The runner's own short transactions (history row and audit entry after a DDL's implicit
  // commit) on a connection of their own that accepts several statements in one round trip.
  const bookkeepingPool = createPool({ ...options, connectionLimit: 1, multipleStatements: true });
  return assembleTarget({
    spec,
    dialect: new MysqlDialect({ pool }),
    bookkeeping: { dialect: new MysqlDialect({ pool: bookkeepingPool }), batching: mysqlBatching },
    capabilities: mysqlCapabilities,
    sessionState: mysqlSessionState,
    acquireLock: (_db, lockOptions) => acquireMysqlLock(options, spec.database, lockOptions),
    snapshotSchema: snapshotMysqlSchema,
    updateRowsByKey: updateMysqlRows,
    backup: mysqlBackupDriver(spec),
    sessionControl: {
      sessionIdSql: 'select connection_id() as id',
      endSession: async (id) => {
        const admin = await mysqlPromise.createConnection(options);
        try {
          await admin.query(`KILL ${Number(id)}`);
        } finally {
          await admin.end().catch(() => undefined);
        }
      },
    },
    tableExistsSql: (name) => `select 1 from information_schema.tables where table_schema = database() and table_name = ${sqlLiteral(name, true)}`,
    commitsImplicitly,
    release: () => new Promise<void>((resolve) => pool.end(() => resolve())),
  });
}
