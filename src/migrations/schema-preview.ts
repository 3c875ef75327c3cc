import { reasonOf } from '../errors/dihya-error.ts';
import { connect } from '../database/connect.ts';
import { diffSchemas } from '../database/schema-diff.ts';
import type { Target } from '../database/target.ts';
import type { LoadedMigration } from './load-migration.ts';
import { createMigrationContext } from './migration-context.ts';

/** The schema changes each pending migration would make, or why they could not be predicted. */
export type SchemaPreview = { ok: true; changes: Map<string, string[]> } | { ok: false; reason: string };

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
  if (pending.length === 0) return { ok: true, changes: new Map() };
  let scratch;
  try {
    scratch = await target.backup.createScratch();
  } catch (error) {
    return { ok: false, reason: `no scratch database: ${reasonOf(error)}` };
  }
  try {
    await target.backup.cloneSchema(scratch.url);
    const copy = await connect(scratch.url);
    try {
      const changes = new Map<string, string[]>();
      let before = await copy.snapshotSchema(undefined, ownTables);
      for (const migration of pending) {
        const up = (db: typeof copy.db) => Promise.resolve(migration.definition.up(createMigrationContext(copy, db, migration)));
        if (migration.definition.transactional === false) await up(copy.db);
        else await copy.db.transaction().execute(up);
        const after = await copy.snapshotSchema(undefined, ownTables);
        changes.set(
          migration.version,
          diffSchemas(before, after).map((c) => c.summary),
        );
        before = after;
      }
      return { ok: true, changes };
    } finally {
      await copy.close();
    }
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  } finally {
    await scratch.drop().catch(() => undefined);
  }
}
