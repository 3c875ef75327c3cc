import type { Kysely } from 'kysely';
import type { Capabilities } from '../database/target.ts';
import type { InternalTables } from './internal-tables.ts';

/**
 * One version of dihya-migrate's own tables. Upgrades run in order, under the migration lock,
 * each in a transaction where the database rolls DDL back; a database created by an earlier
 * release is brought to the latest version by the first command that changes it.
 *
 * @example
 * const v2: InternalUpgrade = { version: 2, description: 'history.progress', up: async ({ db, tables }) => { … } }
 */
export interface InternalUpgrade {
  version: number;
  description: string;
  up(context: UpgradeContext): Promise<void>;
}

/** What an upgrade works with. Upgrades must be safe to run again (MariaDB cannot roll DDL back). */
export interface UpgradeContext {
  db: Kysely<any>;
  tables: InternalTables;
  /** True when `table` has a column of that name. */
  columnExists: (table: string, column: string) => Promise<boolean>;
  /** What the database can do (how a column's type is changed, whether DDL rolls back). */
  capabilities: Capabilities;
}

/**
 * Every upgrade, oldest first. Version 1 is the layout of the first release (history and audit
 * mirror; SQLite's lock table is created by the lock itself, before any upgrade can run).
 * Append new versions at the end; never change a released one.
 */
export const INTERNAL_UPGRADES: InternalUpgrade[] = [
  {
    version: 1,
    description: 'history table and audit mirror',
    async up({ db, tables }) {
      await db.schema
        .createTable(tables.history)
        .ifNotExists()
        .addColumn('version', 'varchar(14)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('checksum', 'varchar(64)', (c) => c.notNull())
        .addColumn('kind', 'varchar(8)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('applied_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('applied_by', 'varchar(255)', (c) => c.notNull())
        .addColumn('schema_change', 'text')
        .execute();
      await db.schema
        .createTable(tables.auditMirror)
        .ifNotExists()
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('ts', 'varchar(32)', (c) => c.notNull())
        .addColumn('event', 'varchar(64)', (c) => c.notNull())
        .addColumn('hash', 'varchar(64)', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 2,
    description: 'history.progress: rows done and expected of a migration that runs in batches',
    async up({ db, tables, columnExists }) {
      if (!(await columnExists(tables.history, 'progress'))) await db.schema.alterTable(tables.history).addColumn('progress', 'text').execute();
    },
  },
  {
    version: 3,
    description: 'erasure ledger: data subjects erased (keyed hash of the id, time, tables), re-applied after any restore',
    async up({ db, tables }) {
      await db.schema
        .createTable(tables.erasureLedger)
        .ifNotExists()
        .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('subject', 'varchar(64)', (c) => c.notNull())
        .addColumn('erased_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('key_check', 'varchar(16)', (c) => c.notNull())
        .addColumn('tables', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 4,
    description: 'backfill checkpoints: last key and rows done per backfill, written with each batch',
    async up({ db, tables }) {
      await db.schema
        .createTable(tables.backfills)
        .ifNotExists()
        .addColumn('version', 'varchar(255)', (c) => c.notNull())
        .addColumn('direction', 'varchar(4)', (c) => c.notNull())
        .addColumn('label', 'varchar(128)', (c) => c.notNull())
        .addColumn('last_key', 'text')
        .addColumn('rows_done', 'bigint', (c) => c.notNull())
        .addColumn('rows_total', 'bigint', (c) => c.notNull())
        .addColumn('batches', 'integer', (c) => c.notNull())
        .addColumn('passes', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
        .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${tables.backfills}_pk`, ['version', 'direction', 'label'])
        .execute();
    },
  },
  {
    version: 5,
    description: 'history.version up to 255 characters: dotted versions, long integers and repeatable migrations of other layouts',
    async up({ db, tables, capabilities }) {
      const type = 'varchar(255)';
      if (capabilities.columnTypeChange === 'alter-column-type') {
        await db.schema
          .alterTable(tables.history)
          .alterColumn('version', (c) => c.setDataType(type))
          .execute();
      } else if (capabilities.columnTypeChange === 'modify-column') {
        await db.schema
          .alterTable(tables.history)
          .modifyColumn('version', type, (c) => c.notNull())
          .execute();
      }
    },
  },
];

/** The version this release brings the internal tables to. */
export const INTERNAL_SCHEMA_VERSION = INTERNAL_UPGRADES.at(-1)!.version;
