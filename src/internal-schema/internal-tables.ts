/**
 * The names of every table dihya-migrate owns in a user's database, declared once. Their
 * definitions and upgrades are in `upgrades.ts`; everything else (backups, snapshots, checks,
 * the schema diff) asks this list which tables to leave alone.
 *
 * @example
 * const tables = internalTables({ table: 'dihya_migrations', audit: { table: 'dihya_audit' } })
 * tables.history   // 'dihya_migrations'
 * tables.all       // ['dihya_migrations', 'dihya_migrations_lock', 'dihya_audit', 'dihya_migrations_schema', 'dihya_migrations_erasures', 'dihya_migrations_backfills']
 */
export interface InternalTables {
  /** One row per applied migration (`dihya_migrations`). */
  history: string;
  /** SQLite's lease row (`<history>_lock`); PostgreSQL and MariaDB lock without a table. */
  lock: string;
  /** The audit log's mirror (`dihya_audit`). */
  auditMirror: string;
  /** The version of these tables (`<history>_schema`). */
  schemaVersion: string;
  /**
   * The erasure ledger (`<history>_erasures`): one row per data subject erased, by keyed hash of
   * its id. Never restored from a backup, so an older backup cannot bring an erased subject back.
   */
  erasureLedger: string;
  /**
   * Backfill checkpoints (`<history>_backfills`): per backfill of a migration, the last key done
   * and the rows done, written in the same transaction as each batch. Backed up and restored
   * with the data it describes.
   */
  backfills: string;
  /** Every table above. */
  all: string[];
  /** The tables a backup leaves out and a restore never touches: the lock, the audit mirror and the erasure ledger (history is data like any other). */
  keptOutOfBackups: string[];
  /** The tables left out of a backup's row counts and schema hash: the lock, the audit mirror, the schema version and the erasure ledger. */
  leftOutOfState: string[];
}

/** The config keys that name the internal tables. */
export interface InternalTableNames {
  table: string;
  audit: { table: string };
}

export function internalTables(config: InternalTableNames): InternalTables {
  const history = config.table;
  const lock = `${history}_lock`;
  const auditMirror = config.audit.table;
  const schemaVersion = `${history}_schema`;
  const erasureLedger = `${history}_erasures`;
  const backfills = `${history}_backfills`;
  return {
    history,
    lock,
    auditMirror,
    schemaVersion,
    erasureLedger,
    backfills,
    all: [history, lock, auditMirror, schemaVersion, erasureLedger, backfills],
    keptOutOfBackups: [lock, auditMirror, erasureLedger],
    leftOutOfState: [lock, auditMirror, schemaVersion, erasureLedger, backfills],
  };
}
