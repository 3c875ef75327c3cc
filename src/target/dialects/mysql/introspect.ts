import type { Kysely } from 'kysely';
import type { SchemaSnapshot } from '../../schema-snapshot.ts';

/**
 * Reads the Mysql schema (tables, columns, primary keys, indexes, foreign keys, views) into a
 * dialect-neutral snapshot, leaving out the tables named in `exclude`.
 */
export async function snapshotMysqlSchema(_db: Kysely<any>, _exclude: string[]): Promise<SchemaSnapshot> {
  throw new Error('not implemented yet');
}
