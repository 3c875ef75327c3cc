import { sql, type Kysely } from 'kysely';
import { DihyaError } from '../errors/dihya-error.ts';
import type { Target } from '../database/target.ts';
import type { InternalTables } from './internal-tables.ts';
import { INTERNAL_SCHEMA_VERSION, INTERNAL_UPGRADES } from './upgrades.ts';

/** The columns every release's history table has (version 1 of the internal tables). */
const HISTORY_COLUMNS = ['version', 'name', 'checksum', 'kind', 'status', 'applied_at', 'duration_ms', 'applied_by'];

/**
 * Reads and upgrades the version of dihya-migrate's own tables in one database.
 *
 * @example
 * const schema = new InternalSchema(target, internalTables(config))
 * await schema.upgrade()          // under the migration lock
 * await schema.version()          // 2
 */
export class InternalSchema {
  readonly #target: Target;
  readonly #tables: InternalTables;

  constructor(target: Target, tables: InternalTables) {
    this.#target = target;
    this.#tables = tables;
  }

  /**
   * The version of the internal tables: 0 when none exist, 1 for a database migrated by the first
   * release (tables but no version table), else the recorded one. Reads only.
   */
  async version(db: Kysely<any> = this.#target.db): Promise<number> {
    if (await this.#target.tableExists(this.#tables.schemaVersion)) {
      const { rows } = await sql<{ version: number | string }>`select version from ${sql.table(this.#tables.schemaVersion)} where id = 1`.execute(db);
      if (rows[0]) return Number(rows[0].version);
    }
    return (await this.#target.tableExists(this.#tables.history)) ? 1 : 0;
  }

  /**
   * Throws INTERNAL_SCHEMA_TOO_NEW when a newer release upgraded these tables: this one could
   * misread them. Reads only; every command calls it before using the tables.
   */
  async assertReadable(): Promise<void> {
    const found = await this.version();
    if (found > INTERNAL_SCHEMA_VERSION) throw new DihyaError('INTERNAL_SCHEMA_TOO_NEW', { found, known: INTERNAL_SCHEMA_VERSION });
    if (found > 0) await this.#assertHistoryShape();
  }

  /** Throws HISTORY_TABLE_FOREIGN when the history table lacks a column of the first release's layout (another tool's table of that name). */
  async #assertHistoryShape(): Promise<void> {
    const table = this.#tables.history;
    if (!(await this.#target.tableExists(table))) return;
    const snapshot = await this.#target.snapshotSchema(undefined, [], [table]);
    const columns = new Set(Object.values(snapshot.tables).flatMap((t) => Object.keys(t.columns).map((c) => c.toLowerCase())));
    const missing = HISTORY_COLUMNS.filter((c) => !columns.has(c));
    if (missing.length > 0) throw new DihyaError('HISTORY_TABLE_FOREIGN', { table, missing });
  }

  /**
   * Applies every upgrade above the current version, in order. Call it under the migration lock.
   * Returns the versions applied (empty when already up to date).
   */
  async upgrade(): Promise<number[]> {
    const current = await this.version();
    if (current > INTERNAL_SCHEMA_VERSION) throw new DihyaError('INTERNAL_SCHEMA_TOO_NEW', { found: current, known: INTERNAL_SCHEMA_VERSION });
    if (current > 0) await this.#assertHistoryShape();
    const applied: number[] = [];
    for (const upgrade of INTERNAL_UPGRADES.filter((u) => u.version > current)) {
      const apply = async (db: Kysely<any>) => {
        const columnExists = async (table: string, column: string) => {
          const snapshot = await this.#target.snapshotSchema(db, [], [table]);
          return Object.values(snapshot.tables).some((t) => column in t.columns);
        };
        await upgrade.up({ db, tables: this.#tables, columnExists, capabilities: this.#target.capabilities });
        await this.#record(db, upgrade.version);
      };
      try {
        if (this.#target.capabilities.transactionalDdl) await this.#target.db.transaction().execute(apply);
        else await apply(this.#target.db);
      } catch (error) {
        throw new DihyaError(
          'INTERNAL_SCHEMA_UPGRADE_FAILED',
          { version: upgrade.version, description: upgrade.description, reason: reasonText(error) },
          { cause: error },
        );
      }
      applied.push(upgrade.version);
    }
    return applied;
  }

  async #record(db: Kysely<any>, version: number): Promise<void> {
    const table = this.#tables.schemaVersion;
    await sql`create table if not exists ${sql.table(table)} (id integer primary key, version integer not null, upgraded_at varchar(32) not null)`.execute(db);
    await sql`delete from ${sql.table(table)} where id = 1`.execute(db);
    await sql`insert into ${sql.table(table)} (id, version, upgraded_at) values (1, ${version}, ${new Date().toISOString()})`.execute(db);
  }
}

function reasonText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
