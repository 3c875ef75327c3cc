import { z } from 'zod';
import { BACKUP_METHODS } from '../../database/backup-driver.ts';

/** `backup` when the config does not set it. */
export const BACKUP_DEFAULTS = { enabled: true, keep: 10, method: 'auto', verify: 'quick', autoRestore: 'tables' } as const;

/** `backup`: Backups before every run that changes the database. */
export function backupSection() {
  return z
    .object({
      /** Back up before every run that changes the database (and before each migration that cannot roll back). Default true. */
      enabled: z.boolean().default(true),
      /** Runs whose backups are kept per database (a run's backups count once; pinned ones never go). Default 10. */
      keep: z.number().int().min(1).default(10),
      /** `auto`, or force one: `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`, `sqlite-backup`. Default auto. */
      method: z.enum(['auto', ...BACKUP_METHODS]).default('auto'),
      /** `quick` checks the files' SHA-256 and that the dump is complete; `full` also restores into a scratch database and compares before migrating. */
      verify: z.enum(['quick', 'full']).default('quick'),
      /**
       * After a migration fails having changed what cannot roll back: `tables` restores the tables it
       * touched from the backups taken just before (other tables, and other sessions' writes there,
       * stay); `off` restores nothing and names the backup to restore by hand. Default `tables`.
       */
      autoRestore: z.enum(['tables', 'off']).default('tables'),
      /**
       * PostgreSQL: the gzip level pg_dump compresses backups with (0-9; absent:
       * pg_dump's own, 6). 1 dumps about twice as fast for about a fifth more bytes; 0 does not compress.
       */
      pgDumpCompression: z.number().int().min(0).max(9).optional(),
    })
    .strict()
    .default(BACKUP_DEFAULTS);
}
