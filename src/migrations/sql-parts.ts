/**
 * One script of a migration written for another tool's layout (Flyway `V1__x.sql`, golang-migrate
 * `1_x.down.sql`, Sqitch `verify/x.sql`…): its text, the file name its errors name, and how it runs.
 *
 * @example
 * const part: SqlPart = { text: 'create table t (id int);', fileName: 'V1__t.sql' }
 */
export interface SqlPart {
  text: string;
  fileName: string;
  /** Run outside a transaction (Flyway `executeInTransaction=false`, `-- dihya:transaction false`). */
  transactional?: boolean;
  /** The script wraps itself in `BEGIN; … COMMIT;` (golang-migrate, Sqitch): the runner's transaction replaces it. */
  unwrapTransaction?: boolean;
}

/**
 * The scripts of one migration of another tool's layout. `up` is required; a missing `down` means
 * the migration cannot be reverted; `verify` runs after `up`, in its transaction (Sqitch).
 *
 * @example
 * const parts: SqlParts = { up: { text: 'create table t (id int);', fileName: '1_t.up.sql' }, down: { text: 'drop table t;', fileName: '1_t.down.sql' } }
 */
export interface SqlParts {
  up: SqlPart;
  down?: SqlPart;
  verify?: SqlPart;
}
