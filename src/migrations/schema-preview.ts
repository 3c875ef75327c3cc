import { reasonOf } from '../errors/dihya-error.ts';
import { connect } from '../database/connect.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';
import { SchemaTracker } from '../validate/schema-tracker.ts';

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
export type SchemaPreview =
  | { ok: true; changes: Map<string, string[]>; schemas: Map<string, PredictedSchemas> }
  | {
      ok: false;
      reason: string;
      /** The version of the migration that failed on the scratch copy (absent: the copy itself could not be made). */
      failed?: string;
      /** The changes of the migrations that ran before the failure. */
      changes: Map<string, string[]>;
      schemas: Map<string, PredictedSchemas>;
    };

/**
 * Predicts the schema diff of pending migrations without touching the target: its schema (no
 * rows) is copied into a scratch database, the migrations run there one by one, and the snapshots
 * before and after each are compared. Steps that depend on data run against empty tables. After
 * each migration only the tables its statements may have changed are read again (nothing after a
 * data-only or comment-only migration, everything after one whose effect its text cannot tell), so a
 * long pending list costs about one statement per migration, not one full schema read each; the
 * snapshots share the tables that did not change.
 *
 * @example
 * const preview = await previewSchemaChanges(target, pending, ['dihya_migrations'])
 * if (preview.ok) console.log(preview.changes.get('20261127061249')) // ['+column customers.phone varchar(32) null']
 */
export async function previewSchemaChanges(
  target: Target,
  pending: LoadedMigration[],
  ownTables: string[],
  progress?: PreviewProgress,
): Promise<SchemaPreview> {
  const schemas = new Map<string, PredictedSchemas>();
  const changes = new Map<string, string[]>();
  if (pending.length === 0) return { ok: true, changes, schemas };
  let scratch;
  try {
    scratch = await target.backup.createScratch();
  } catch (error) {
    return { ok: false, reason: `no scratch database: ${reasonOf(error)}`, changes, schemas };
  }
  let running: string | undefined;
  try {
    await target.backup.cloneSchema(scratch.url);
    const copy = await connect(scratch.url);
    try {
      let before = await copy.snapshotSchema(undefined, ownTables);
      for (const [index, migration] of pending.entries()) {
        const up = (db: typeof copy.db) => Promise.resolve(migration.definition.up(createMigrationContext(copy, db, migration)));
        running = migration.version;
        // the tracker updates the copy it is given in place: `before` stays as it was, for this migration's lint
        const tracker = new SchemaTracker(copy, { tables: { ...before.tables }, views: before.views }, ownTables);
        copy.observeStatements({ before: (sql) => tracker.observe(sql) });
        try {
          if (migration.definition.transactional === false) await up(copy.db);
          else await copy.db.transaction().execute(up);
        } finally {
          copy.observeStatements(undefined);
        }
        running = undefined;
        const { after, changes: found } = await tracker.snapshotAfter(copy.db);
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
