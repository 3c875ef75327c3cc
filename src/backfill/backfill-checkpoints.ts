import { sql, type Kysely } from 'kysely';

/** Where one backfill is: the last key done, rows done, batches, the pass, and whether it is over. */
export interface Checkpoint {
  version: string;
  direction: 'up' | 'down';
  label: string;
  /** The last key done, or null before the first batch of a pass. */
  lastKey: unknown[] | null;
  rowsDone: number;
  rowsTotal: number;
  batches: number;
  /** 1 for the first walk over the table; more when rows matching `where` were left. */
  passes: number;
  /** `running`, `walked` (every key done, final check not yet passed), or `done`. */
  status: 'running' | 'walked' | 'done';
  startedAt: string;
}

/** Which backfill: the migration's version, the direction, the label. */
export interface CheckpointId {
  version: string;
  direction: 'up' | 'down';
  label: string;
}

/**
 * The backfill checkpoints table (`<history>_backfills`, internal schema version 4). Every write
 * goes through the caller's `db`, so a batch and its checkpoint commit together.
 *
 * @example
 * const store = new CheckpointStore('dihya_migrations_backfills')
 * await store.advance(trx, id, { lastKey: [1000], rows: 1000 })
 */
export class CheckpointStore {
  readonly table: string;

  constructor(table: string) {
    this.table = table;
  }

  async read(db: Kysely<any>, id: CheckpointId): Promise<Checkpoint | undefined> {
    const row = await db
      .selectFrom(this.table)
      .selectAll()
      .where('version', '=', id.version)
      .where('direction', '=', id.direction)
      .where('label', '=', id.label)
      .executeTakeFirst();
    return row ? toCheckpoint(row) : undefined;
  }

  /** Every checkpoint of a migration (or of all migrations), oldest label first. */
  async list(db: Kysely<any>, version?: string): Promise<Checkpoint[]> {
    let query = db.selectFrom(this.table).selectAll();
    if (version !== undefined) query = query.where('version', '=', version);
    return (await query.orderBy('version').orderBy('started_at').execute()).map(toCheckpoint);
  }

  async create(db: Kysely<any>, id: CheckpointId, rowsTotal: number): Promise<Checkpoint> {
    const now = new Date().toISOString();
    await db
      .insertInto(this.table)
      .values({ ...id, last_key: null, rows_done: 0, rows_total: rowsTotal, batches: 0, passes: 1, status: 'running', started_at: now, updated_at: now })
      .execute();
    return { ...id, lastKey: null, rowsDone: 0, rowsTotal, batches: 0, passes: 1, status: 'running', startedAt: now };
  }

  /**
   * One batch done: its last key (null: the walk reached the end), and the rows it changed; only
   * if the checkpoint still counts `expectedBatches` (false otherwise: another run moved it on, and
   * the caller rolls the batch back). Its row lock also makes a second runner wait for this batch.
   */
  async advance(db: Kysely<any>, id: CheckpointId, batch: { lastKey: unknown[] | null; rows: number; expectedBatches: number }): Promise<boolean> {
    const result = await sql`update ${sql.table(this.table)}
      set last_key = ${batch.lastKey === null ? null : JSON.stringify(batch.lastKey)},
          rows_done = rows_done + ${batch.rows}, batches = batches + 1, updated_at = ${new Date().toISOString()},
          status = ${batch.lastKey === null ? 'walked' : 'running'}
      where version = ${id.version} and direction = ${id.direction} and label = ${id.label} and batches = ${batch.expectedBatches}`.execute(db);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  /** The final check passed. */
  async finish(db: Kysely<any>, id: CheckpointId): Promise<void> {
    await this.#set(db, id, sql`status = 'done'`);
  }

  /** Rows matching `where` were left: walk the table again from its first key. */
  async nextPass(db: Kysely<any>, id: CheckpointId): Promise<void> {
    await this.#set(db, id, sql`status = 'running', last_key = null, passes = passes + 1`);
  }

  /** Forgets the checkpoints of a migration in one direction (a fresh start, or once its step is recorded). */
  async clear(db: Kysely<any>, version: string, direction: 'up' | 'down'): Promise<void> {
    await db.deleteFrom(this.table).where('version', '=', version).where('direction', '=', direction).execute();
  }

  async #set(db: Kysely<any>, id: CheckpointId, assignments: ReturnType<typeof sql>): Promise<void> {
    await sql`update ${sql.table(this.table)} set ${assignments}, updated_at = ${new Date().toISOString()}
      where version = ${id.version} and direction = ${id.direction} and label = ${id.label}`.execute(db);
  }
}

function toCheckpoint(row: Record<string, unknown>): Checkpoint {
  return {
    version: String(row.version),
    direction: row.direction as 'up' | 'down',
    label: String(row.label),
    lastKey: row.last_key === null || row.last_key === undefined ? null : (JSON.parse(row.last_key as string) as unknown[]),
    rowsDone: Number(row.rows_done),
    rowsTotal: Number(row.rows_total),
    batches: Number(row.batches),
    passes: Number(row.passes),
    status: row.status as Checkpoint['status'],
    startedAt: String(row.started_at),
  };
}
