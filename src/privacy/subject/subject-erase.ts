import { sql, type Kysely } from 'kysely';
import type { Target } from '../../database/target.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { isNumericType, maxTextLength, referencingKeys, type Catalog, type SubjectDefinition } from '../catalog/catalog.ts';
import type { Strategies } from '../anonymize/strategies.ts';
import { collectSubjectRows, stableValue, type SubjectRow } from './subject-rows.ts';

/** Kinds whose values identify the person anywhere they appear. */
const IDENTIFYING = ['email', 'phone', 'iban', 'card', 'nir'];

/** What an erasure did. */
export interface ErasureOutcome {
  /** Tables that held rows of the subject. */
  tables: string[];
  deleted: number;
  anonymized: number;
  /** Links to deleted rows cut (set to null) in rows that stay. */
  unlinked: number;
}

/**
 * Erases one data subject through `db` (call it inside a transaction): finds every row of the
 * subject (see collectSubjectRows), cuts the nullable links that point at rows about to go,
 * deletes the rows of tables whose erasure is `delete` (children first), rewrites the catalogued
 * columns of rows kept for a legal obligation (`anonymize`), then proves it: no deleted row is
 * left, no anonymized row keeps a catalogued value, and no catalogued column of the database
 * still holds one of the subject's e-mails, phones, IBANs, cards or NIRs
 * (PRIVACY_ERASURE_INCOMPLETE otherwise). A link that cannot be cut stops it with
 * PRIVACY_ERASURE_BLOCKED before anything changes.
 *
 * @example
 * const outcome = await eraseSubject(target, trx, catalog, strategies, catalog.subject('customer'), '42')
 */
export async function eraseSubject(
  target: Target,
  db: Kysely<any>,
  catalog: Catalog,
  strategies: Strategies,
  subject: SubjectDefinition,
  id: unknown,
): Promise<ErasureOutcome> {
  const rows = await collectSubjectRows(db, catalog, subject, id);
  const schema = catalog.schema;
  const doomed = rows.filter((r) => catalog.erasureOf(r.table) === 'delete');
  const kept = rows.filter((r) => catalog.erasureOf(r.table) === 'anonymize');
  for (const table of new Set(kept.map((r) => r.table))) catalog.primaryKey(table);
  const doomedIds = new Set(doomed.map(rowId));

  // Links to doomed rows: from rows that stay they must be cut, and can be only when nullable.
  const cuts: { table: string; columns: string[]; row: Record<string, unknown> }[] = [];
  for (const parent of new Set(doomed.map((r) => r.table))) {
    const parentRows = doomed.filter((r) => r.table === parent);
    for (const fk of referencingKeys(schema, parent)) {
      const child = schema.tables[fk.table]!;
      const nullable = fk.columns.every((c) => child.columns[c]!.nullable);
      const pointed = parentRows.map((r) => fk.references.map((c) => r.row[c]));
      const referencing = await rowsWhere(db, fk.table, fk.columns, pointed);
      for (const row of referencing) {
        const key = child.primaryKey.length > 0 ? child.primaryKey : Object.keys(child.columns);
        const isDoomed = doomedIds.has(rowId({ table: fk.table, key: key.map((c) => row[c]) }));
        if (!nullable && !isDoomed) throw new DihyaError('PRIVACY_ERASURE_BLOCKED', { table: fk.table, column: fk.columns.join(', '), references: parent });
        // A doomed row goes with its parent (children are deleted first): its link is cut only when it points into
        // its own table, where no order helps. Cutting it otherwise would change the values a key-less row is found by.
        if (nullable && (!isDoomed || fk.table === parent)) cuts.push({ table: fk.table, columns: fk.columns, row });
      }
    }
  }
  let unlinked = 0;
  for (const cut of cuts) {
    const child = schema.tables[cut.table]!;
    const key = child.primaryKey.length > 0 ? child.primaryKey : Object.keys(child.columns);
    const row = cut.row;
    let query = db.updateTable(cut.table).set(Object.fromEntries(cut.columns.map((c) => [c, null])));
    for (const c of key) query = query.where(sql.ref(c), '=', row[c]);
    await query.execute();
    const id = rowId({ table: cut.table, key: key.map((c) => row[c]) });
    if (!doomedIds.has(id)) unlinked++;
    // A doomed row named by its columns (no primary key) is now found by the cut values.
    for (const doomedRow of doomed) {
      if (rowId(doomedRow) !== id) continue;
      doomedRow.key = key.map((c, i) => (cut.columns.includes(c) ? null : doomedRow.key[i]));
      for (const c of cut.columns) doomedRow.row[c] = null;
    }
  }

  // Delete children first: a table that still points at another (not-null link) goes before it.
  for (const table of deletionOrder(catalog, [...new Set(doomed.map((r) => r.table))])) {
    const key = schema.tables[table]!.primaryKey.length > 0 ? schema.tables[table]!.primaryKey : Object.keys(schema.tables[table]!.columns);
    for (const row of doomed.filter((r) => r.table === table).reverse()) {
      let query = db.deleteFrom(table);
      for (const [i, c] of key.entries()) query = row.key[i] === null ? query.where(sql.ref(c), 'is', null) : query.where(sql.ref(c), '=', row.key[i]);
      await query.execute();
    }
  }

  // Rows kept for a legal obligation: their catalogued columns take the column's strategy.
  for (const table of new Set(kept.map((r) => r.table))) {
    const columns = catalog.columnsOf(table).filter((c) => c.rule.strategy !== 'keep');
    if (columns.length === 0) continue;
    const key = catalog.primaryKey(table);
    const shapes = columns.map((c) => {
      const type = schema.tables[table]!.columns[c.column]!.type;
      const maxLength = maxTextLength(type);
      return { entry: c.entry, rule: c.rule, numeric: isNumericType(type), ...(maxLength !== undefined ? { maxLength } : {}) };
    });
    const updates = kept
      .filter((r) => r.table === table)
      .map((r) => [...key.map((k) => r.row[k]), ...columns.map((c, i) => strategies.apply(shapes[i]!, r.row[c.column]))]);
    await target.updateRowsByKey(db, { table, key, columns: columns.map((c) => c.column), rows: updates });
  }

  await proveErased(db, catalog, doomed, kept);
  return { tables: [...new Set(rows.map((r) => r.table))], deleted: doomed.length, anonymized: kept.length, unlinked };
}

/** The proof that nothing catalogued of the subject is left (see eraseSubject). */
async function proveErased(db: Kysely<any>, catalog: Catalog, doomed: SubjectRow[], kept: SubjectRow[]): Promise<void> {
  const schema = catalog.schema;
  const incomplete = (table: string, column: string) => new DihyaError('PRIVACY_ERASURE_INCOMPLETE', { table, column });
  for (const row of doomed) {
    const key = schema.tables[row.table]!.primaryKey.length > 0 ? schema.tables[row.table]!.primaryKey : Object.keys(schema.tables[row.table]!.columns);
    if ((await rowsWhere(db, row.table, key, [row.key])).length > 0) throw incomplete(row.table, key.join(', '));
  }
  for (const row of kept) {
    const key = catalog.primaryKey(row.table);
    const [now] = await rowsWhere(db, row.table, key, [row.key]);
    for (const c of catalog.columnsOf(row.table)) {
      const before = row.row[c.column];
      if (c.rule.strategy === 'keep' || c.rule.strategy === 'generalize' || before === null || before === undefined) continue;
      if (now && JSON.stringify(stableValue(now[c.column])) === JSON.stringify(stableValue(before))) throw incomplete(row.table, c.column);
    }
  }
  // The subject's identifying values, wherever the catalog says such values live.
  const values = new Map<string, Set<unknown>>();
  for (const row of [...doomed, ...kept]) {
    for (const c of catalog.columnsOf(row.table)) {
      const value = row.row[c.column];
      if (!IDENTIFYING.includes(c.rule.kind) || c.rule.strategy === 'keep' || value === null || value === undefined) continue;
      (values.get(c.rule.kind) ?? values.set(c.rule.kind, new Set()).get(c.rule.kind)!).add(value);
    }
  }
  for (const c of catalog.columns) {
    const wanted = values.get(c.rule.kind);
    if (!wanted || c.rule.strategy === 'keep') continue;
    const found = await db
      .selectFrom(c.table)
      .select(sql<number>`count(*)`.as('n'))
      .where(sql.ref(c.column), 'in', [...wanted])
      .executeTakeFirst();
    if (Number(found?.n ?? 0) > 0) throw incomplete(c.table, c.column);
  }
}

/** Tables in an order where each comes before every table it points to (self-links aside). */
function deletionOrder(catalog: Catalog, tables: string[]): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (order.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    // Tables pointing at this one go first.
    for (const fk of referencingKeys(catalog.schema, table)) if (fk.table !== table && tables.includes(fk.table)) visit(fk.table);
    visiting.delete(table);
    order.push(table);
  };
  for (const table of tables) visit(table);
  return order;
}

async function rowsWhere(db: Kysely<any>, table: string, columns: string[], values: unknown[][]): Promise<Record<string, unknown>[]> {
  const usable = values.filter((v) => v.every((x) => x !== null && x !== undefined));
  if (usable.length === 0) return [];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < usable.length; i += 500) {
    const chunk = usable.slice(i, i + 500);
    const any = sql.join(
      chunk.map(
        (v) =>
          sql`(${sql.join(
            columns.map((c, j) => sql`${sql.ref(c)} = ${v[j]}`),
            sql` and `,
          )})`,
      ),
      sql` or `,
    );
    out.push(
      ...((await db
        .selectFrom(table)
        .selectAll()
        .where(sql<boolean>`(${any})`)
        .execute()) as Record<string, unknown>[]),
    );
  }
  return out;
}

function rowId(row: Pick<SubjectRow, 'table' | 'key'>): string {
  return JSON.stringify([row.table, row.key.map(stableValue)]);
}
