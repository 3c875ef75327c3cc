import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RestoreOptions } from '../../../backup-driver.ts';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { pipeTools } from '../../../../tools/pipe-tools.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { readPgBackupInfo } from './pg-backup-info.ts';
import { PG_DUMP_FILE, PG_DUMP_METHOD, PG_EXTERNAL_KEYS_FILE } from './pg-dump-backup.ts';
import { findPgKeptTables, pgKeepTablesSql } from './pg-keep-tables.ts';
import { resetPgDatabaseSql } from './pg-reset.ts';
import { openPgClient } from '../session/pg-connection.ts';
import { quotePgIdent } from '../session/pg-sql-text.ts';
import { PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';
import { pgToolConnection } from '../session/pg-tool-env.ts';

/**
 * Restores a pg_dump backup into the database at `url`, atomically even if this process dies:
 * `pg_restore --file=- database.pgdump` turns the archive into SQL, piped into
 * `psql -v ON_ERROR_STOP=1 --no-psqlrc` between a `BEGIN` and a `COMMIT` that this process writes
 * itself, the COMMIT only once pg_restore finished well. If this process is killed midway, psql
 * reads end of input without the COMMIT and the server rolls everything back (no half-filled table).
 *
 * A whole-database backup: every user schema is dropped first (and `public` recreated as initdb
 * makes it, since pg_dump never creates it), except the `keep` tables, parked in a schema of their
 * own during the restore and put back after it. A table-scoped backup: only its tables (and
 * `drop`) are dropped, with CASCADE, and recreated with the views that depended on them; the
 * foreign keys other tables held on them are added back. Needs `pg_restore` (at least as new as the
 * pg_dump that wrote the archive) and `psql`.
 *
 * @example
 * await restorePgDump('/backups/b1', 'postgres://postgres@127.0.0.1:5432/shop', findClientTool, { keep: ['dihya_audit'] })
 */
export async function restorePgDump(dir: string, url: string, findTool: ClientToolFinder, options: RestoreOptions = {}): Promise<void> {
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
  let prefix: string;
  let suffix: string;
  if (info.scope) {
    const drops = [...info.scope, ...(options.drop ?? [])].map(qualify);
    prefix = `${PG_DUMP_SESSION_SQL};\nBEGIN;\n${drops.length > 0 ? `DROP TABLE IF EXISTS ${drops.join(', ')} CASCADE;\n` : ''}`;
    const keysFile = path.join(dir, PG_EXTERNAL_KEYS_FILE);
    suffix = `${existsSync(keysFile) ? await readFile(keysFile, 'utf8') : ''}COMMIT;\n`;
  } else {
    const client = await openPgClient(url, 'dihya-migrate restore');
    const kept = await findPgKeptTables(client, options.keep ?? []).finally(() => client.end().catch(() => undefined));
    const keep = pgKeepTablesSql(kept);
    prefix = `${PG_DUMP_SESSION_SQL};\nBEGIN;\n${keep.before}${resetPgDatabaseSql({ recreatePublic: info.publicSchema })}`;
    suffix = `${keep.after}COMMIT;\n`;
  }
  const archive = path.join(dir, PG_DUMP_FILE);
  const psqlRun = { command: psql, args: ['--no-psqlrc', '--set=ON_ERROR_STOP=1', '--quiet', '--no-password'], env, secrets: [password] };
  try {
    // A scoped backup of tables created later holds no archive: the restore only drops them.
    if (existsSync(archive)) await pipeTools({ command: pgRestore, args: ['--file=-', archive] }, psqlRun, prefix, suffix);
    else await runTool({ ...psqlRun, stdinText: `${prefix}${suffix}` });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`pg_dump restore into ${redactUrl(url)} failed (rolled back, the database is unchanged): ${reason}`, { cause: error });
  }
}

/** A snapshot table name (`orders`, `billing.invoices`) as a qualified, quoted SQL name. */
function qualify(name: string): string {
  return name.includes('.') ? name.split('.').map(quotePgIdent).join('.') : `public.${quotePgIdent(name)}`;
}
