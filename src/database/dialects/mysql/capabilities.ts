import type { Capabilities } from '../../target.ts';

/** MySQL/MariaDB commit implicitly on DDL, so a failed schema change cannot roll back. */
export const mysqlCapabilities: Capabilities = {
  transactionalDdl: false,
  atomicRestore: false,
  lockTimeoutRetry: false,
  columnTypeChange: 'modify-column',
  lockOnOwnSession: true,
  replaceInto: true,
};
