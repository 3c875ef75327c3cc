import type { Capabilities } from '../../target.ts';

/** PostgreSQL rolls DDL back with the transaction and has lock_timeout to retry on. */
export const postgresCapabilities: Capabilities = {
  transactionalDdl: true,
  atomicRestore: true,
  lockTimeoutRetry: true,
  columnTypeChange: 'alter-column-type',
  lockOnOwnSession: true,
  replaceInto: false,
};
