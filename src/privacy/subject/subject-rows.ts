import { sql, type Kysely } from 'kysely';
import { DihyaError } from '../../errors/dihya-error.ts';
import { referencingKeys, type Catalog, type SubjectDefinition } from '../catalog/catalog.ts';

/** One row of a subject's data, with the values that identify it in its table. */
export interface SubjectRow {
  table: string;
  /** Primary-key values (every column when the table has no primary key). */
  key: unknown[];
  row: Record<string, unknown>;
}

/** IN lists are sent in chunks of this many values. */
const CHUNK = 500;

/**
 * Every row that belongs to a data subject: its row in the subject table, then, breadth first,
 * every row of a table that references a row already found through a foreign key (addresses,
 * orders, the orders' invoices, an order that replaces an order…). Each row is taken once, so
 * cycles (self-referencing tables) end. Rows of the subject table itself are not followed from
 * other rows: another customer who references this one (`referred_by`) is another subject.
 * Rows come parents first. Throws PRIVACY_SUBJECT_NOT_FOUND when the id matches no row.
 *
 * @example
 * const rows = await collectSubjectRows(trx, catalog, catalog.subject('customer'), '42')
 * rows.filter((r) => r.table === 'orders').length // 3
 */
export async function collectSubjectRows(db: Kysely<any>, catalog: Catalog, subject: SubjectDefinition, id: unknown): Promise<SubjectRow[]> {
  const schema = catalog.schema;
  const identity = (table: string) => {
    const key = schema.tables[table]!.primaryKey;
    return key.length > 0 ? key : Object.keys(schema.tables[table]!.columns);
  };
  const start = (await db.selectFrom(subject.table).selectAll().where(sql.ref(subject.key), '=', id).execute()) as Record<string, unknown>[];
  if (start.length === 0) throw new DihyaError('PRIVACY_SUBJECT_NOT_FOUND', { subject: subject.name, table: subject.table });
  const seen = new Set<string>();
  const out: SubjectRow[] = [];
  const add = (table: string, row: Record<string, unknown>): boolean => {
    const key = identity(table).map((c) => row[c]);
    const id = JSON.stringify([table, key.map(stableValue)]);
    if (seen.has(id)) return false;
    seen.add(id);
    out.push({ table, key, row });
    return true;
  };
  let frontier = new Map<string, Record<string, unknown>[]>([[subject.table, start.filter((row) => add(subject.table, row))]]);
  while (frontier.size > 0) {
    const next = new Map<string, Record<string, unknown>[]>();
    for (const [parent, rows] of frontier) {
      for (const fk of referencingKeys(schema, parent)) {
        if (fk.table === subject.table) continue;
        const values = rows.map((row) => fk.references.map((c) => row[c])).filter((v) => v.every((x) => x !== null && x !== undefined));
        for (let i = 0; i < values.length; i += CHUNK) {
          const children = await rowsReferencing(db, fk.table, fk.columns, values.slice(i, i + CHUNK));
          for (const child of children) if (add(fk.table, child)) (next.get(fk.table) ?? next.set(fk.table, []).get(fk.table)!).push(child);
        }
      }
    }
    frontier = next;
  }
  return out;
}

async function rowsReferencing(db: Kysely<any>, table: string, columns: string[], values: unknown[][]): Promise<Record<string, unknown>[]> {
  if (values.length === 0) return [];
  const query = db.selectFrom(table).selectAll();
  if (columns.length === 1)
    return query
      .where(
        sql.ref(columns[0]!),
        'in',
        values.map((v) => v[0]),
      )
      .execute();
  const any = sql.join(
    values.map(
      (v) =>
        sql`(${sql.join(
          columns.map((c, i) => sql`${sql.ref(c)} = ${v[i]}`),
          sql` and `,
        )})`,
    ),
    sql` or `,
  );
  return query.where(sql<boolean>`(${any})`).execute();
}

/** A value as JSON can hold it, the same for equal values (dates, buffers and big integers included). */
export function stableValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'bigint') return value.toString();
  return value;
}
