import { reasonOf } from '../errors/dihya-error.ts';
import { connect } from '../database/connect.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { ScratchDatabase } from '../database/backup-driver.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';
import { SchemaTracker } from '../validate/schema-tracker.ts';
import { dryRun } from './dry-run.ts';
import { previewScope, type PreviewScope } from './preview-scope.ts';
import { settled, type Settled } from '../util/settled.ts';

/** How far the preview is: `done` of `total` migrations run on the scratch copy. */
export type PreviewProgress = (done: number, total: number) => void;

/**
 * The schema before and after one migration, on the scratch copy.
 *
 * @example
 * const predicted: PredictedSchemas | undefined = preview.schemas.get('20261127061249')
 * predicted && 'orders' in predicted.after.tables
 */
export interface PredictedSchemas {
  before: SchemaSnapshot;
  after: SchemaSnapshot;
}

/**
 * The schema changes each pending migration would make, or why they could not be predicted; in
 * both cases the schemas around each migration that ran on the scratch copy, by version.
 */
export type SchemaPreview = (
  | { ok: true; changes: Map<string, string[]>; schemas: Map<string, PredictedSchemas> }
  | {
      ok: false;
      reason: string;
      /** The version of the migration that failed on the scratch copy (absent: the copy itself could not be made). */
      failed?: string;
      /** The changes of the migrations that ran before the failure. */
      changes: Map<string, string[]>;
      schemas: Map<string, PredictedSchemas>;
    }
) & {
  /** The target's schema as the preview read it (to work out a partial copy): callers need not read it again. */
  current?: SchemaSnapshot;
};

/**
 * How {@link previewSchemaChanges} copies the schema.
 *
 * @example
 * const options: PreviewOptions = { statements: new Map([['20261127061249', ['alter table orders add column note text']]]) }
 */
export interface PreviewOptions {
  /** The statements each migration sends, by version, from its dry run (absent ones are recorded here). */
  statements?: ReadonlyMap<string, readonly string[]>;
  /** False: always copy the whole schema (what the plan benchmark compares with). Default true. */
  partial?: boolean;
  /** Told after each migration ran on the copy. */
  progress?: PreviewProgress;
}

/**
 * Predicts the schema diff of pending migrations without touching the target: its schema (no
 * rows) is copied into a scratch database, the migrations run there one by one, and the snapshots
 * before and after each are compared. Steps that depend on data run against empty tables. After
 * each migration only the tables its statements may have changed are read again (nothing after a
 * data-only or comment-only migration, everything after one whose effect its text cannot tell), so a
 * long pending list costs about one statement per migration, not one full schema read each; the
 * snapshots share the tables that did not change.
 *
 * When the statements of every pending migration (their dry runs, given in `statements` by
 * version or recorded here) tell which tables they can change, only those tables and the ones
 * they are tied to by foreign keys are copied (see preview-scope.ts), and the snapshots are the
 * target's with those tables as the copy has them. Any surprise on that partial copy (a statement
 * outside the scope, a failure) makes the whole preview run again on a full copy, whose answer is the one given.
 *
 * @example
 * const preview = await previewSchemaChanges(target, pending, ['dihya_migrations'])
 * if (preview.ok) console.log(preview.changes.get('20261127061249')) // ['+column customers.phone varchar(32) null']
 */
export async function previewSchemaChanges(
  target: Target,
  pending: LoadedMigration[],
  ownTables: string[],
  options: PreviewOptions = {},
): Promise<SchemaPreview> {
  if (pending.length === 0) return { ok: true, changes: new Map(), schemas: new Map() };
  // the scratch database is created while the scope is worked out
  const scratch = settled(target.backup.createScratch());
  const scoped = options.partial === false ? undefined : await scopeOf(target, pending, ownTables, options.statements).catch(() => undefined);
  const current = scoped?.current ? { current: scoped.current } : {};
  if (scoped?.scope) {
    const partial = await runPreview(target, pending, ownTables, scoped.scope, scratch, options.progress);
    if (partial.ok) return { ...partial, ...current };
  }
  const full = await runPreview(target, pending, ownTables, undefined, scoped?.scope ? settled(target.backup.createScratch()) : scratch, options.progress);
  return { ...full, ...current };
}

/** The scope of a partial copy for `pending` (undefined when a full copy is needed), and the target's schema when it was read. */
async function scopeOf(
  target: Target,
  pending: LoadedMigration[],
  ownTables: string[],
  known: ReadonlyMap<string, readonly string[]> | undefined,
): Promise<{ scope?: PreviewScope; current?: SchemaSnapshot }> {
  const statements: string[] = [];
  for (const migration of pending) {
    let recorded = known?.get(migration.version);
    if (!recorded) {
      const run = await dryRun(target, migration);
      if (run.incomplete !== undefined) return {};
      recorded = run.statements;
    }
    statements.push(...recorded);
  }
  const current = await target.snapshotSchema(undefined, ownTables);
  const scope = previewScope(statements, current, target.dialect);
  return scope ? { scope, current } : { current };
}

/** Runs `pending` on the (new, empty) scratch database, copying there the whole schema, or `scope` only. */
async function runPreview(
  target: Target,
  pending: LoadedMigration[],
  ownTables: string[],
  scope: PreviewScope | undefined,
  created: Promise<Settled<ScratchDatabase>>,
  progress: PreviewProgress | undefined,
): Promise<SchemaPreview> {
  const schemas = new Map<string, PredictedSchemas>();
  const changes = new Map<string, string[]>();
  const made = await created;
  if (!made.ok) return { ok: false, reason: `no scratch database: ${reasonOf(made.reason)}`, changes, schemas };
  const scratch = made.value;
  let running: string | undefined;
  try {
    await target.backup.cloneSchema(scratch.url, scope ? { tables: scope.copy, referenced: scope.referenced } : undefined);
    const copy = await connect(scratch.url);
    try {
      let before = scope ? scope.merge(await copy.snapshotSchema(undefined, ownTables)) : await copy.snapshotSchema(undefined, ownTables);
      for (const [index, migration] of pending.entries()) {
        const up = (db: typeof copy.db) => Promise.resolve(migration.definition.up(createMigrationContext(copy, db, migration)));
        running = migration.version;
        // the tracker updates the copy it is given in place: `before` stays as it was, for this migration's lint
        const tracker = new SchemaTracker(copy, { tables: { ...before.tables }, views: before.views }, ownTables);
        copy.observeStatements({
          before: (sql) => {
            if (scope) assertCovered(scope, sql);
            tracker.observe(sql);
          },
        });
        try {
          if (migration.definition.transactional === false) await up(copy.db);
          else await copy.db.transaction().execute(up);
        } finally {
          copy.observeStatements(undefined);
        }
        running = undefined;
        const read = await tracker.snapshotAfter(copy.db);
        // A partial copy holds no views (a statement touching one, or a view over a copied table, takes the
        // whole copy): the target's views stand, and the copy's lack of them is no change.
        const after = scope ? { tables: read.after.tables, views: before.views } : read.after;
        const found = scope ? read.changes.filter((c) => c.kind !== 'view') : read.changes;
        changes.set(
          migration.version,
          found.map((c) => c.summary),
        );
        schemas.set(migration.version, { before, after });
        before = after;
        progress?.(index + 1, pending.length);
      }
      return { ok: true, changes, schemas };
    } finally {
      await copy.close();
    }
  } catch (error) {
    return { ok: false, reason: reasonOf(error), ...(running === undefined ? {} : { failed: running }), changes, schemas };
  } finally {
    await scratch.drop().catch(() => undefined);
  }
}

/** Refuses, on a partial copy, a statement that may change a table the copy does not hold. */
function assertCovered(scope: PreviewScope, sql: string): void {
  if (!scope.covers(sql)) throw new Error(`the statement may change tables outside the partial copy: ${sql.slice(0, 80)}`);
}
