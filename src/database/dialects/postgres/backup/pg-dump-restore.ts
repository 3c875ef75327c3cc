import path from 'node:path';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { pipeTools } from '../../../../tools/pipe-tools.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { readPgBackupInfo } from './pg-backup-info.ts';
import { PG_DUMP_FILE, PG_DUMP_METHOD } from './pg-dump-backup.ts';
import { resetPgDatabaseSql } from './pg-reset.ts';
import { PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';
import { pgToolConnection } from '../session/pg-tool-env.ts';

/**
 * Restores a pg_dump backup into the database at `url` atomically:
 * `pg_restore --file=- database.pgdump` turns the archive into SQL, which is piped, after the
 * statements that drop every user schema (and recreate `public` as initdb makes it, since
 * pg_dump never creates it), into `psql --single-transaction -v ON_ERROR_STOP=1 --no-psqlrc`.
 * The first error rolls everything back; if pg_restore fails, psql is killed before it can
 * commit. Needs `pg_restore` (at least as new as the pg_dump that wrote the archive) and `psql`.
 *
 * @example
 * await restorePgDump('/backups/b1', 'postgres://postgres@127.0.0.1:5432/shop', findClientTool)
 */
export async function restorePgDump(dir: string, url: string, findTool: ClientToolFinder): Promise<void> {
  const info = await readPgBackupInfo(dir, PG_DUMP_METHOD);
  const pgRestore = findTool(['pg_restore']);
  const psql = findTool(['psql']);
  if (!pgRestore || !psql) {
    const missing = [pgRestore ? undefined : 'pg_restore', psql ? undefined : 'psql'].filter(Boolean).join(' and ');
    throw new Error(
      `Cannot restore the pg_dump backup in ${dir}: ${missing} not found on PATH. Install the PostgreSQL client tools (version ${info.serverMajor} or newer), e.g. the postgresql-client package.`,
    );
  }
  const { env, password } = pgToolConnection(url);
  const prefix = `${PG_DUMP_SESSION_SQL};\n${resetPgDatabaseSql({ recreatePublic: info.publicSchema })}`;
  try {
    await pipeTools(
      { command: pgRestore, args: ['--file=-', path.join(dir, PG_DUMP_FILE)] },
      { command: psql, args: ['--no-psqlrc', '--single-transaction', '--set=ON_ERROR_STOP=1', '--quiet', '--no-password'], env, secrets: [password] },
      prefix,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`pg_dump restore into ${redactUrl(url)} failed (rolled back, the database is unchanged): ${reason}`, { cause: error });
  }
}
