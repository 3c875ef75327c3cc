import { sql, type Kysely } from 'kysely';
import type { Target } from '../../database/target.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import type { RunEvent } from '../../pipeline/run-events.ts';
import { isNumericType, isUniqueColumn, maxTextLength, type Catalog, type CatalogColumn } from '../catalog/catalog.ts';
import { forEachBatch } from './batches.ts';
import type { ColumnShape, Strategies } from './strategies.ts';

/** Kinds whose values identify one person: a fake or hash must never equal any original of the column. */
const IDENTIFYING = new Set(['email', 'phone', 'iban', 'card', 'nir']);
/** Tries for a fake that no other row has before giving up on a unique column. */
const MAX_ATTEMPTS = 50;

/** What anonymization did to one table. */
export interface TableAnonymized {
  table: string;
  columns: string[];
  rows: number;
}

/** What {@link anonymizeTables} needs besides the database and the catalog. */
export interface AnonymizeOptions {
  strategies: Strategies;
  batchSize: number;
  onProgress?: (event: Extract<RunEvent, { type: 'progress' }>) => void;
}

interface ColumnWork extends ColumnShape {
  column: CatalogColumn;
  unique: boolean;
  /** Fingerprints of the column's original values (identifying kinds, and unique columns). */
  originals: Set<number> | undefined;
  /** Fingerprints of the values written so far (unique columns). */
  written: Set<number> | undefined;
}

/**
 * Replaces every catalogued value of the database (strategy ≠ keep) through `db`, table by
 * table, in primary-key batches (read a batch, compute its new values, write them back with the
 * dialect's batched update), sending `progress` events. Unique columns stay unique: a fake or
 * hash already written, or equal to one of the column's original values, is drawn again. No row
 * keeps its own value. Then proves it: for identifying kinds (e-mail, phone, IBAN, card, NIR) no
 * value of the result equals any original value of its column (PRIVACY_ANONYMIZE_INCOMPLETE
 * otherwise). Run it inside a transaction so that a failure leaves nothing half-done.
 *
 * @example
 * await target.db.transaction().execute((trx) => anonymizeTables(target, trx, catalog, { strategies, batchSize: 5000 }))
 */
export async function anonymizeTables(target: Target, db: Kysely<any>, catalog: Catalog, options: AnonymizeOptions): Promise<TableAnonymized[]> {
  const done: TableAnonymized[] = [];
  const work = catalog.tables().map((table) => ({ table, columns: catalog.columnsOf(table).filter((c) => c.rule.strategy !== 'keep') }));
  for (const { table, columns } of work.filter((w) => w.columns.length > 0)) {
    const key = catalog.primaryKey(table);
    const snapshot = catalog.schema.tables[table]!;
    const columnWork: ColumnWork[] = columns.map((c) => {
      const type = snapshot.columns[c.column]!.type;
      const unique = isUniqueColumn(snapshot, c.column);
      const changing = ['fake', 'hash'].includes(c.rule.strategy);
      const maxLength = maxTextLength(type);
      return {
        entry: c.entry,
        rule: c.rule,
        ...(maxLength !== undefined ? { maxLength } : {}),
        numeric: isNumericType(type),
        column: c,
        unique,
        originals: (IDENTIFYING.has(c.rule.kind) || unique) && c.rule.strategy !== 'null' ? new Set() : undefined,
        written: unique && changing ? new Set() : undefined,
      };
    });
    const total = await countRows(db, table);
    const report = (done: number, phase: string) => options.onProgress?.({ type: 'progress', task: 'anonymize', phase, done, total, unit: 'rows' });
    // No fake may equal an original value some row holds (a later row of a unique column would
    // clash with it, and an identifying value would still be there): learn them all first.
    const learned = columnWork.filter((w) => w.originals);
    if (learned.length > 0) {
      await forEachBatch(
        db,
        table,
        key,
        learned.map((c) => c.column.column),
        options.batchSize,
        async (rows) => {
          for (const row of rows)
            for (const c of learned) if (row[c.column.column] != null) c.originals!.add(options.strategies.fingerprint(row[c.column.column]));
        },
      );
    }
    let rows = 0;
    report(0, table);
    await forEachBatch(
      db,
      table,
      key,
      columnWork.map((c) => c.column.column),
      options.batchSize,
      async (batch) => {
        const updates = batch.map((row) => [...key.map((k) => row[k]), ...columnWork.map((c) => replacement(c, row[c.column.column], options.strategies))]);
        await target.updateRowsByKey(db, { table, key, columns: columnWork.map((c) => c.column.column), rows: updates });
        rows += batch.length;
        report(rows, table);
      },
    );
    await proveReplaced(db, table, key, columnWork, options);
    done.push({ table, columns: columnWork.map((c) => c.column.column), rows });
  }
  return done;
}

/** The new value of one cell: the strategy's output, drawn again while it would repeat or keep a value. */
function replacement(work: ColumnWork, value: unknown, strategies: Strategies): unknown {
  if (value === null || value === undefined) return value;
  const original = strategies.fingerprint(value);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const out = strategies.apply(work, value, attempt);
    if (out === null || out === undefined || !['fake', 'hash'].includes(work.rule.strategy)) return out;
    const fingerprint = strategies.fingerprint(out);
    const keepsOriginal = fingerprint === original;
    const takenByOriginal = work.originals !== undefined && work.originals.has(fingerprint);
    const taken = work.written?.has(fingerprint) ?? false;
    if (keepsOriginal || taken || takenByOriginal) continue;
    work.written?.add(fingerprint);
    return out;
  }
  throw new DihyaError('PRIVACY_UNIQUE_EXHAUSTED', { column: work.entry });
}

/** Reads the result back: no identifying value of the result may be one of its column's original values. */
async function proveReplaced(db: Kysely<any>, table: string, key: string[], work: ColumnWork[], options: AnonymizeOptions): Promise<void> {
  const checked = work.filter((c) => c.originals && c.originals.size > 0);
  if (checked.length === 0) return;
  const left = new Map<ColumnWork, number>();
  await forEachBatch(
    db,
    table,
    key,
    checked.map((c) => c.column.column),
    options.batchSize,
    async (rows) => {
      for (const row of rows) {
        for (const c of checked) {
          const value = row[c.column.column];
          if (value === null || value === undefined || (c.rule.strategy === 'constant' && value === c.rule.value)) continue;
          if (c.originals!.has(options.strategies.fingerprint(value))) left.set(c, (left.get(c) ?? 0) + 1);
        }
      }
    },
  );
  for (const [c, count] of left) throw new DihyaError('PRIVACY_ANONYMIZE_INCOMPLETE', { column: c.entry, count });
}

async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
