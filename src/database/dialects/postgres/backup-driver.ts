import type { BackupDriver, BackupResult } from '../../backup-driver.ts';
import { bypassingPgWrapper } from './session/pg-wrapper-bypass.ts';
import { findClientTool, type ClientToolFinder } from '../../../tools/find-client-tool.ts';
import { parseTargetUrl, type TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import { clonePgSchema } from './scratch/pg-clone-schema.ts';
import { openPgClient, pgError } from './session/pg-connection.ts';
import { createPgCopyBackup, PG_COPY_METHOD } from './backup/pg-copy-backup.ts';
import { restorePgCopy } from './backup/pg-copy-restore.ts';
import { createPgDumpBackup, PG_DUMP_METHOD } from './backup/pg-dump-backup.ts';
import { restorePgDump } from './backup/pg-dump-restore.ts';
import { checkPgCopyComplete, checkPgDumpComplete } from './backup/pg-backup-complete.ts';
import { createPgScratch } from './scratch/pg-scratch.ts';
import { beginPgSnapshot, pgServerMajor } from './session/pg-snapshot.ts';
import { findPgClientTool } from './session/pg-client-tools.ts';
import { usablePgDump } from './session/pg-usable-dump.ts';

/**
 * Options of the PostgreSQL backup driver.
 *
 * @example
 * postgresBackupDriver(spec, { findTool: noClientTools }) // always pg-copy
 */
export interface PostgresBackupOptions {
  /** How client tools are looked up (default: PATH, honouring DIHYA_NO_CLIENT_TOOLS). */
  findTool?: ClientToolFinder;
}

/**
 * Backup and restore for PostgreSQL.
 *
 * Methods: `pg_dump` (custom format, with the snapshot exported by the transaction that counts
 * the rows) — the default when a pg_dump whose major version is at least the server's is on
 * PATH — and `pg-copy` (driver only: DDL rebuilt from the catalogs, data through COPY, one
 * REPEATABLE READ snapshot; see pg-copy-backup.ts for what it does not cover). `auto` picks.
 * Restores are atomic: all user schemas are dropped and everything recreated in one transaction.
 * Scratch databases are `CREATE DATABASE <db>_dihya_scratch_<random>` on the same server;
 * cloneSchema copies the schema alone into one (`pg_dump --schema-only | psql`, or the catalog
 * DDL without COPY when no suitable pg_dump is found — see pg-clone-schema.ts).
 *
 * @example
 * const driver = postgresBackupDriver(spec)
 * const result = await driver.create('/backups/b1')                    // pg_dump if possible
 * const copy = await driver.create('/backups/b2', { method: 'pg-copy' })
 * await driver.restore('/backups/b1', result, spec.url)
 * await driver.cloneSchema((await driver.createScratch()).url)
 */
export function postgresBackupDriver(spec: Extract<TargetSpec, { dialect: 'postgres' }>, options: PostgresBackupOptions = {}): BackupDriver {
  const findTool = options.findTool ?? bypassingPgWrapper((names) => findClientTool(names));
  return {
    async create(dir, createOptions = {}) {
      const requested = createOptions.method ?? 'auto';
      if (!['auto', PG_DUMP_METHOD, PG_COPY_METHOD].includes(requested)) {
        throw new Error(`Unknown PostgreSQL backup method "${requested}": use "${PG_DUMP_METHOD}", "${PG_COPY_METHOD}" or "auto"`);
      }
      // `pg_dump --version` (read once per process) runs while the connection is made, not after it.
      if (requested !== PG_COPY_METHOD) findPgClientTool('pg_dump', findTool).catch(() => undefined);
      const client = await openPgClient(spec.url);
      try {
        const serverMajor = await pgServerMajor(client);
        const pgDump = requested === PG_COPY_METHOD ? undefined : await usablePgDump(findTool, serverMajor, requested === PG_DUMP_METHOD);
        await beginPgSnapshot(client);
        // pg-copy cannot scope a backup to some tables: it backs the whole database up instead (result.tables absent).
        const result: BackupResult = pgDump
          ? await createPgDumpBackup(client, spec.url, dir, pgDump, serverMajor, createOptions)
          : await createPgCopyBackup(client, dir, serverMajor);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (isServerError(error)) throw pgError(`Backup of ${redactUrl(spec.url)} failed`, error, spec.url);
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },

    async restore(dir, result, url, restoreOptions = {}) {
      const target = parseTargetUrl(url);
      if (target.dialect !== 'postgres') throw new Error(`Cannot restore a PostgreSQL backup into ${redactUrl(url)}: not a PostgreSQL URL`);
      if (result.method === PG_DUMP_METHOD) return restorePgDump(dir, url, findTool, restoreOptions);
      if (result.method === PG_COPY_METHOD) return restorePgCopy(dir, url, restoreOptions);
      throw new Error(`A PostgreSQL database cannot be restored from a "${result.method}" backup`);
    },

    async checkComplete(dir, result) {
      if (result.method === PG_DUMP_METHOD) return checkPgDumpComplete(dir, result.files, findTool);
      return checkPgCopyComplete(dir, result.files);
    },

    createScratch: () => createPgScratch(spec),

    async cloneSchema(url, cloneOptions = {}) {
      await clonePgSchema(spec, url, findTool, cloneOptions.tables && { tables: cloneOptions.tables, referenced: cloneOptions.referenced ?? [] });
    },
  };
}

function isServerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'severity' in error;
}
