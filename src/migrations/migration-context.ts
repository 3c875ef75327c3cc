import { sql, type Kysely } from 'kysely';
import type { Target } from '../database/target.ts';
import type { MigrationContext } from './define-migration.ts';
import type { MigrationFile } from './discover.ts';
import { splitSqlStatements } from '../sql/split-sql.ts';
import { DihyaError } from '../errors/dihya-error.ts';

/** Builds the context a migration's steps receive, bound to `db` (a transaction or the pool). */
export function createMigrationContext(target: Target, db: Kysely<any>, migration: MigrationFile): MigrationContext {
  return {
    db,
    sql,
    dialect: target.dialect,
    version: migration.version,
    name: migration.name,
    async run(sqlText: string) {
      for (const statement of splitSqlStatements(sqlText, target.dialect)) {
        await sql.raw(statement.sql).execute(db);
      }
    },
    copyFrom: (statement, data) => target.copyFromStdin(db, statement, data),
    // A migration declared `backfill: true` gets the real one from its step (see pipeline/backfill-step.ts).
    backfill: () => Promise.reject(new DihyaError('BACKFILL_NOT_DECLARED', { name: migration.name })),
  };
}
