import diagnostics from 'node:diagnostics_channel';
import pg from 'pg';

/** Statements sent to the server by this process during one timed run, and their texts (for `--statements`). */
export interface StatementCount {
  total: number;
  /** Each statement's text, literals kept, whitespace collapsed, first 90 characters. */
  texts: string[];
  /** Milliseconds from sending each statement to its answer (same order as `texts`; NaN while unanswered). */
  durations: number[];
}

let current: StatementCount | undefined;
let installed = false;

/**
 * Counts every statement this process sends through `pg` (Client#query, which Pool and knex use)
 * and `mysql2` (its `mysql2:query` / `mysql2:execute` diagnostics channels) from `start()` until
 * the returned function is called. Child processes (pg_dump, mariadb-dump) are not counted.
 *
 * @example
 * const stop = countStatements()
 * await runMigrations()
 * const { total } = stop()
 */
export function countStatements(): () => StatementCount {
  install();
  const count: StatementCount = { total: 0, texts: [], durations: [] };
  current = count;
  return () => {
    current = undefined;
    return count;
  };
}

/** Records a statement sent; returns the function to call when its answer came. */
function record(text: string | undefined): () => void {
  const count = current;
  if (!count) return () => undefined;
  count.total++;
  count.texts.push((text ?? '').replace(/\s+/g, ' ').trim().slice(0, 90));
  const index = count.durations.push(Number.NaN) - 1;
  const started = performance.now();
  return () => {
    count.durations[index] = performance.now() - started;
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  const { query } = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string } | undefined;
    const done = record(typeof config === 'string' ? config : config?.text);
    const result = query.apply(this, args);
    if (result instanceof Promise) result.then(done, done);
    else done();
    return result;
  } as typeof pg.Client.prototype.query;
  for (const name of ['mysql2:query', 'mysql2:execute']) {
    const pending = new WeakMap<object, () => void>();
    const finish = (message: object) => {
      pending.get(message)?.();
      pending.delete(message);
    };
    diagnostics.tracingChannel<unknown, { query?: string }>(name).subscribe({
      start: (message) => void pending.set(message, record(message.query)),
      end: () => undefined,
      asyncStart: finish,
      asyncEnd: finish,
      error: finish,
    });
  }
}

/** A statement shape: how many were sent, and their summed time to answer. */
export interface ShapeTotal {
  shape: string;
  count: number;
  ms: number;
}

/**
 * The most frequent statement shapes (digits and quoted literals folded), most frequent first.
 *
 * @example
 * topShapes(count, 10) // [{ shape: 'insert into "dihya_migrations" …', count: 200, ms: 41.2 }, …]
 */
export function topShapes(count: StatementCount, limit: number): ShapeTotal[] {
  const totals = new Map<string, ShapeTotal>();
  for (const [index, text] of count.texts.entries()) {
    const shape = text.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N');
    const total = totals.get(shape) ?? { shape, count: 0, ms: 0 };
    total.count++;
    total.ms += count.durations[index] || 0;
    totals.set(shape, total);
  }
  return [...totals.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}
