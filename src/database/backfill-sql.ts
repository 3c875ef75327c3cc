import type { Kysely, RawBuilder } from 'kysely';
import type { DialectName } from './parse-url.ts';
import { mysqlBackfillSql } from './dialects/mysql/backfill-sql.ts';
import { postgresBackfillSql } from './dialects/postgres/backfill-sql.ts';
import { sqliteBackfillSql } from './dialects/sqlite/backfill-sql.ts';

/** What the server says about its load, for a backfill's throttle (absent where the dialect has no such measure). */
export interface ServerLoad {
  /** Longest replication lag among the replicas, ms (PostgreSQL `pg_stat_replication.replay_lag`). */
  replicaLagMs?: number;
  /** Threads running a statement right now (MariaDB/MySQL `Threads_running`). */
  threadsRunning?: number;
}

/**
 * The SQL a backfill needs that differs between dialects: how to say "key after this one" and
 * "key at most this one" for a single or composite key, and how to read the server's load.
 * One implementation per dialect folder.
 *
 * @example
 * const keys = backfillSql('postgres')
 * await db.selectFrom('orders').select('id').where(keys.keyAfter(['id'], [42])).execute()
 */
export interface BackfillSql {
  /** `key > values` in key order (row-value comparison on a composite key). */
  keyAfter(key: string[], values: unknown[]): RawBuilder<boolean>;
  /** `key <= values` in key order. */
  keyAtMost(key: string[], values: unknown[]): RawBuilder<boolean>;
  /** The server's load; `{}` where nothing is measured. */
  serverLoad(db: Kysely<any>): Promise<ServerLoad>;
  /**
   * What a batch's transaction starts with, in one round trip: PostgreSQL sets `lock_timeout`,
   * its `statement_timeout` (the batch's ceiling, when it has one) and turns `synchronous_commit`
   * off for it (the batch and its checkpoint commit together, so a server crash can only lose
   * both: the next run does them again); nothing elsewhere.
   */
  startBatch(trx: Kysely<any>, limits: { lockTimeoutMs: number; statementTimeoutMs: number | undefined }): Promise<void>;
  /**
   * The longest a batch's statement may run before the server stops it (and the batch is tried
   * again in half as many rows), for a batch that may hold its locks `targetMs`: what is left of
   * it once the checkpoint and COMMIT are counted. Undefined where stopping a statement cannot
   * shorten a lock hold: SQLite has no statement timeout, and InnoDB undoes a stopped UPDATE row
   * by row, in about the time it ran.
   */
  statementTimeoutMs(db: Kysely<any>, targetMs: number): Promise<number | undefined>;
  /** True when `error` is a statement stopped at that ceiling. */
  isStatementTimeout(error: unknown): boolean;
  /**
   * The share of the target a batch's size aims for: lower where one batch can take several
   * times as long as the one before at the same size (purge, page flushing, other sessions).
   */
  batchAim: number;
  /** The table's row count as the catalog estimates it (no scan); undefined where there is none yet. */
  estimateRows(db: Kysely<any>, table: string): Promise<number | undefined>;
}

/**
 * The backfill SQL of a dialect.
 *
 * @example
 * backfillSql('mysql').keyAfter(['a', 'b'], [1, 2]) // a >= 1 and (a > 1 or (a = 1 and b > 2))
 */
export function backfillSql(dialect: DialectName): BackfillSql {
  // One implementation per dialect folder, chosen like the connection (see connect.ts).
  switch (dialect) {
    case 'postgres':
      return postgresBackfillSql;
    case 'mysql':
      return mysqlBackfillSql;
    case 'sqlite':
      return sqliteBackfillSql;
  }
}
