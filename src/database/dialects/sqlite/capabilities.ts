import type { Capabilities } from '../../target.ts';

/** SQLite rolls DDL back with the transaction and has no lock wait limit to retry on. */
export const sqliteCapabilities: Capabilities = {
  transactionalDdl: true,
  atomicRestore: true,
  lockTimeoutRetry: false,
  columnTypeChange: 'not-needed',
  replaceInto: true,
};
