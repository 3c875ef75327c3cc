import { reasonOf } from '../errors/dihya-error.ts';
import { connect } from '../database/connect.ts';
import { diffSchemas } from '../database/schema-diff.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';

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
 * before and after each are compared. Steps that depend on data run against empty tables.
 *
 * @example
 * const preview = await previewSchemaChanges(target, pending, ['dihya_migrations'])
 * if (preview.ok) console.log(preview.changes.get('20261127061249')) // ['+column customers.phone varchar(32) null']
 */
export async function previewSchemaChanges(target: Target, pending: LoadedMigration[], ownTables: string[]): Promise<SchemaPreview> {
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
      for (const migration of pending) {
        const up = (db: typeof copy.db) => Promise.resolve(migration.definition.up(createMigrationContext(copy, db, migration)));
        running = migration.version;
        if (migration.definition.transactional === false) await up(copy.db);
        else await copy.db.transaction().execute(up);
        running = undefined;
        const after = await copy.snapshotSchema(undefined, ownTables);
        changes.set(
          migration.version,
          diffSchemas(before, after).map((c) => c.summary),
        );
        schemas.set(migration.version, { before, after });
        before = after;
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
