import type { ScratchDatabase } from '../../../backup-driver.ts';
import { scratchDatabaseName } from '../../../scratch-name.ts';
import type { TargetSpec } from '../../../parse-url.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { mysqlError, openMysqlSession, quoteMysqlIdent } from '../session/mysql-connection.ts';

/** MySQL/MariaDB database names are at most 64 characters; 64 bytes keeps it safe for any text. */
const MAX_NAME_BYTES = 64;

/**
 * Creates `<db>_dihya_scratch_<random>` on the target's server with the target's default
 * character set and collation. The URL is the target's with the database name replaced;
 * `drop()` runs DROP DATABASE. Needs the CREATE and DROP privileges on it.
 *
 * @example
 * const scratch = await createMysqlScratch(spec) // { url: 'mysql://root@db:3306/shop_dihya_scratch_3f9a1c2b', drop }
 * try { … } finally { await scratch.drop() }
 */
export async function createMysqlScratch(spec: Extract<TargetSpec, { dialect: 'mysql' }>): Promise<ScratchDatabase> {
  const name = scratchDatabaseName(spec.database, MAX_NAME_BYTES);
  const session = await openMysqlSession(spec.url);
  try {
    const [rows] = await session.db.query<any[]>(
      'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()',
    );
    const { charset, collation } = rows[0] as { charset: string; collation: string };
    await session.db.query(`CREATE DATABASE ${quoteMysqlIdent(name)} CHARACTER SET ${charset} COLLATE ${collation}`);
  } catch (error) {
    throw mysqlError(`Could not create the scratch database ${name} next to ${redactUrl(spec.url)}`, error, spec.url);
  } finally {
    await session.end();
  }
  const url = new URL(spec.url);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = await openMysqlSession(spec.url);
      try {
        await admin.db.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdent(name)}`);
      } catch (error) {
        throw mysqlError(`Could not drop the scratch database ${name}`, error, spec.url);
      } finally {
        await admin.end();
      }
    },
  };
}
