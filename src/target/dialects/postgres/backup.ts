import type { BackupDriver } from '../../../backup/backup-driver.ts';
import type { TargetSpec } from '../../parse-url.ts';

/** Backup and restore for Postgres. */
export function postgresBackupDriver(_spec: Extract<TargetSpec, { dialect: 'postgres' }>): BackupDriver {
  const notYet = async (): Promise<never> => {
    throw new Error('not implemented yet');
  };
  return { create: notYet, restore: notYet, createScratch: notYet };
}
