import { z } from 'zod';
import { BACKUP_METHODS } from '../../database/backup-driver.ts';

/** `backup`: Backups before every run that changes the database. */
export const backupSection = z
  .object({
    /** Back up before every run that changes the database (and before each migration that cannot roll back). Default true. */
    enabled: z.boolean().default(true),
    /** Backups kept per database. Default 10. */
    keep: z.number().int().min(1).default(10),
    /** `auto`, or force one: `pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`, `sqlite-backup`. Default auto. */
    method: z.enum(['auto', ...BACKUP_METHODS]).default('auto'),
    /** `quick` checks the files' SHA-256; `full` also restores into a scratch database and compares before migrating. */
    verify: z.enum(['quick', 'full']).default('quick'),
  })
  .strict()
  .default({ enabled: true, keep: 10, method: 'auto', verify: 'quick' });
