import type { Kysely } from 'kysely';
import { rowColumns, ShapedQueries } from '../database/shaped-queries.ts';
import type { StatementConnection, Target } from '../database/target.ts';
import { heldIf, ownStatement } from '../database/held-statements.ts';
import { compareVersions } from './version-order.ts';

/** A row of the history table. `running`/`failed` rows mark a migration cut short outside a transaction. */
export interface HistoryRow {
  version: string;
  name: string;
  checksum: string;
  kind: string;
  status: 'applied' | 'running' | 'failed';
  applied_at: string;
  duration_ms: number;
  applied_by: string;
  /** What the migration changed in the schema, one change per line (`+table orders`), or empty. */
  schema_change?: string | null;
  /** A backfill's progress (JSON, see {@link backfillProgressOf}); a `running` row with one is a backfill to resume. */
  progress?: string | null;
}

/** What a backfill's history row says of it. */
export interface BackfillProgressRecord {
  direction: 'up' | 'down';
  label?: string;
  done: number;
  total: number;
}

/**
 * The backfill progress a history row records, if any.
 *
 * @example
 * backfillProgressOf({ ...row, progress: '{"direction":"up","done":10,"total":40}' }) // { direction: 'up', done: 10, total: 40 }
 */
export function backfillProgressOf(row: Pick<HistoryRow, 'progress'>): BackfillProgressRecord | undefined {
  if (!row.progress) return undefined;
  try {
    const value = JSON.parse(row.progress) as Partial<BackfillProgressRecord>;
    if (value.direction !== 'up' && value.direction !== 'down') return undefined;
    return { direction: value.direction, ...(value.label ? { label: value.label } : {}), done: Number(value.done ?? 0), total: Number(value.total ?? 0) };
  } catch {
    return undefined;
  }
}

/**
 * The history table (`dihya_migrations` by default; created and upgraded by internal-schema/): one row per applied migration with its
 * checksum, duration and who applied it.
 *
 * @example
 * const history = new History(target, 'dihya_migrations')
 * const rows = await history.read()
 */
export class History {
  readonly target: Target;
  readonly table: string;
  /** The lookup and the row of each migration, compiled once per shape. */
  readonly #queries = new ShapedQueries();

  constructor(target: Target, table: string) {
    this.target = target;
    this.table = table;
  }

  /** All rows, oldest version first (in the layout's version order); empty when the table does not exist yet. */
  async read(db: Kysely<any> = this.target.db): Promise<HistoryRow[]> {
    if (!(await this.target.tableExists(this.table))) return [];
    const rows = await db.selectFrom(this.table).selectAll().orderBy('version').execute();
    return rows.map((row) => ({ ...row, duration_ms: Number(row.duration_ms) }) as HistoryRow).sort((a, b) => compareVersions(a.version, b.version));
  }

  async find(version: string, db: Kysely<any> = this.target.db): Promise<HistoryRow | undefined> {
    // The runner's own statement: where statements batch, it goes with a transaction's BEGIN.
    const find = () => db.selectFrom(this.table).selectAll().where('version', '=', version).compile();
    const { rows } = await this.#queries.execute(db, 'find', [version], find, ownStatement);
    return rows[0] as HistoryRow | undefined;
  }

  /**
   * Inserts the row of `row.version`, or replaces it when `replace` says one may exist: one
   * `REPLACE INTO` statement where the dialect has it (delete and insert in one round trip), a
   * delete then an insert elsewhere (PostgreSQL). With `held`, in a transaction, the statements go
   * to the server with the next one (the COMMIT; see heldUntilNext).
   */
  async write(row: HistoryRow, db: Kysely<any> = this.target.db, options: { replace?: boolean; held?: boolean } = { replace: true }): Promise<void> {
    const mark = heldIf(options.held === true);
    const { shape, values } = rowColumns({ ...row });
    if (options.replace && this.target.capabilities.replaceInto) {
      await this.#queries.execute(db, `replace ${shape}`, values, () => db.replaceInto(this.table).values(row).compile(), mark);
      return;
    }
    if (options.replace) await this.remove(row.version, db, options.held === true);
    await this.#queries.execute(db, `insert ${shape}`, values, () => db.insertInto(this.table).values(row).compile(), mark);
  }

  /**
   * Inserts or replaces the row of `row.version` on a statement's own connection (see
   * StatementConnection): inside the migration's transaction, while one of its statements waits.
   *
   * @example
   * await history.writeOn(connection, { ...row, status: 'running' }) // committed by the DDL's implicit commit that follows
   */
  async writeOn(connection: StatementConnection, row: HistoryRow): Promise<void> {
    const db = this.target.db;
    if (this.target.capabilities.replaceInto) {
      const { sql, parameters } = db.replaceInto(this.table).values(row).compile();
      await connection.query(sql, parameters);
      return;
    }
    for (const { sql, parameters } of [
      db.deleteFrom(this.table).where('version', '=', row.version).compile(),
      db.insertInto(this.table).values(row).compile(),
    ]) {
      await connection.query(sql, parameters);
    }
  }

  /** Deletes the row of `version`; `held`: as for {@link write}. */
  async remove(version: string, db: Kysely<any> = this.target.db, held = false): Promise<void> {
    await this.#queries.execute(db, 'remove', [version], () => db.deleteFrom(this.table).where('version', '=', version).compile(), heldIf(held));
  }
}
