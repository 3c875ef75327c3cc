import { input, runtime } from '../error-text.ts';

/** Errors of resumable, throttled backfills (`backfill()` in a migration declared `backfill: true`). */
export const backfillErrors = {
  BACKFILL_NOT_DECLARED: input<{ name: string }>(
    (d) => `Migration ${d.name} calls backfill() but does not declare itself a backfill`,
    () => 'Add `backfill: true` to its defineMigration({ … }): a backfill runs in batches of their own transactions, outside one migration transaction.',
  ),
  BACKFILL_TRANSACTIONAL: input<{ name: string; reason: string }>(
    (d) => `Migration ${d.name} is a backfill and cannot ${d.reason}`,
    () => 'A backfill commits batch by batch: leave `transactional` unset (or false) and run it without --atomic.',
  ),
  BACKFILL_OPTIONS_INVALID: input<{ name: string; field: string; problem: string }>(
    (d) => `backfill() in ${d.name}: ${d.field} ${d.problem}`,
    () =>
      'Call backfill({ table, set or update, key?, where?, batchSize?, targetBatchMs?, throttle? }) with a table that has a primary key (or give `key`), and either `set` or `update`.',
  ),
  BACKFILL_FAILED: runtime<{ name: string; label: string; reason: string; done: number }>(
    (d) => `Backfill ${d.label} of migration ${d.name} stopped after ${d.done} row(s): ${d.reason}`,
    () =>
      'The batches done so far are committed with their checkpoint; nothing was restored. Fix the cause and run `up` again: the backfill resumes after its last batch, and no row is updated twice.',
  ),
  BACKFILL_ROWS_LEFT: runtime<{ name: string; label: string; rows: number; passes: number }>(
    (d) => `Backfill ${d.label} of migration ${d.name} left ${d.rows} row(s) matching its condition after ${d.passes} pass(es)`,
    () =>
      'Rows matching `where` keep appearing (writers still running the old code?). Deploy the code that writes the new values, then run `up` again: the backfill starts a new pass.',
  ),
};
