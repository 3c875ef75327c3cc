import type { Kysely } from 'kysely';

/**
 * The tools whose history table `import-history` reads.
 *
 * @example
 * const tool: ForeignTool = 'flyway'
 */
export type ForeignTool = 'flyway' | 'golang-migrate' | 'prisma' | 'knex' | 'sqitch';

/**
 * How another tool fingerprinted a script, when it did: the import compares it with the file on
 * disk, so a file edited since that tool applied it is not recorded as applied unseen.
 *
 * @example
 * const sum: ToolChecksum = { kind: 'sha256', value: 'ab12…' }
 */
export interface ToolChecksum {
  kind: 'flyway-crc32' | 'sha256' | 'sha1';
  value: string;
}

/**
 * One migration as another tool's history records it. `version` or `name` identifies the local
 * file (Flyway and golang-migrate record versions, Prisma, knex and Sqitch names).
 *
 * @example
 * const entry: ForeignEntry = { version: '1.2', status: 'applied', appliedAt: '2024-01-01T00:00:00.000Z' }
 */
export interface ForeignEntry {
  version?: string;
  name?: string;
  status: 'applied' | 'failed';
  appliedAt?: string;
  durationMs?: number;
  checksum?: ToolChecksum;
  /** Flyway: this and every earlier version count as applied (a `BASELINE` row); golang-migrate: its one row. */
  upTo?: boolean;
  /** A Flyway `BASELINE` row: its version need not have a file (the folder may start after it). */
  baseline?: boolean;
}

/**
 * One tool's history reader: the contract every file of `adopt/tools/` implements.
 *
 * @example
 * const entries = await flywayHistory.read(db, 'flyway_schema_history')
 */
export interface ForeignHistoryReader {
  tool: ForeignTool;
  /** The table (or registry schema) the tool keeps its history in by default. */
  defaultTable: string;
  /** The recorded migrations, in the order the tool applied them; throws when the table cannot be read. */
  read(db: Kysely<any>, table: string): Promise<ForeignEntry[]>;
}

/**
 * A timestamp the database returned (a Date, or text) as ISO 8601, or undefined.
 *
 * @example
 * isoTime(new Date(0)) // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(value: unknown): string | undefined {
  let date: Date | undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'string')
    date = new Date(/^\d{4}-\d\d-\d\d \d/.test(value) ? `${value.replace(' ', 'T')}${/Z|[+-]\d\d(:?\d\d)?$/.test(value) ? '' : 'Z'}` : value);
  else if (typeof value === 'number') date = new Date(value);
  if (!date) return undefined;
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
