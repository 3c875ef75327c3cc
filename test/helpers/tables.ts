import { connect } from '../../src/database/connect.ts';
import { sql } from 'kysely';
import type { SchemaSnapshot } from '../../src/database/schema-snapshot.ts';

/** Runs one query on the database at `url` and returns its rows. */
export async function query<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const target = await connect(url);
  try {
    const { rows } = await sql.raw<T>(text).execute(target.db);
    return rows;
  } finally {
    await target.close();
  }
}

/** True when `table` exists at `url`. */
export async function tableExists(url: string, table: string): Promise<boolean> {
  const target = await connect(url);
  try {
    return await target.tableExists(table);
  } finally {
    await target.close();
  }
}

/** The schema snapshot of the database at `url`. */
export async function schemaOf(url: string): Promise<SchemaSnapshot> {
  const target = await connect(url);
  try {
    return await target.snapshotSchema();
  } finally {
    await target.close();
  }
}
