import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import type { RestoreOptions } from '../../../backup-driver.ts';
import { readPgBackupInfo } from './pg-backup-info.ts';
import { findPgKeptTables, pgKeepTablesSql } from './pg-keep-tables.ts';
import { PG_COPY_METHOD, PG_COPY_POST_DATA_FILE, PG_COPY_PRE_DATA_FILE } from './pg-copy-backup.ts';
import { openPgClient, pgError } from '../session/pg-connection.ts';
import { resetPgDatabaseSql } from './pg-reset.ts';
import { PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';

/**
 * Restores a pg-copy backup into the database at `url` in ONE transaction, through the driver:
 * drop every user schema (and recreate `public` as initdb makes it), run `pre-data.sql`, load
 * each table with `COPY … FROM STDIN`, run `post-data.sql`, commit. Any error rolls it all back,
 * leaving the database as it was (and so does this process dying: the COMMIT is its own). The
 * `keep` tables are parked aside during the restore and put back as they were (see pg-keep-tables.ts).
 *
 * @example
 * await restorePgCopy('/backups/b1', 'postgres://postgres@127.0.0.1:5432/shop')
 */
export async function restorePgCopy(dir: string, url: string, options: RestoreOptions = {}): Promise<void> {
  const info = await readPgBackupInfo(dir, PG_COPY_METHOD);
  const preData = await readFile(path.join(dir, PG_COPY_PRE_DATA_FILE), 'utf8');
  const postData = await readFile(path.join(dir, PG_COPY_POST_DATA_FILE), 'utf8');
  const client = await openPgClient(url, 'dihya-migrate restore');
  try {
    await client.query(`${PG_DUMP_SESSION_SQL};\nSET check_function_bodies = false`);
    const keep = pgKeepTablesSql(await findPgKeptTables(client, options.keep ?? []));
    await client.query('BEGIN');
    if (keep.before) await client.query(keep.before);
    await client.query(resetPgDatabaseSql({ recreatePublic: info.publicSchema }));
    await client.query(preData);
    for (const table of info.tables ?? []) {
      const list = table.columns.length > 0 ? ` (${table.columns.join(', ')})` : '';
      await pipeline(createReadStream(path.join(dir, table.file)), client.query(copyFrom(`COPY ${table.table}${list} FROM STDIN`)));
    }
    await client.query(postData);
    if (keep.after) await client.query(keep.after);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw pgError(`pg-copy restore into ${redactUrl(url)} failed (rolled back, the database is unchanged)`, error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}
