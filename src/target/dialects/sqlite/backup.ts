import type { BackupDriver } from '../../../backup/backup-driver.ts';
import type { TargetSpec } from '../../parse-url.ts';

/** Backup and restore for Sqlite. */
export function sqliteBackupDriver(_spec: Extract<TargetSpec, { dialect: 'sqlite' }>): BackupDriver {
  const notYet = async (): Promise<never> => {
    throw new Error('not implemented yet');
  };
  return { create: notYet, restore: notYet, createScratch: notYet };
}
