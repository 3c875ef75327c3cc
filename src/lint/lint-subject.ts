import type { ContributedLintRule } from './contributed-rules.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { DialectName } from '../sql/dialect-name.ts';

/** What lint reads about one migration. */
export interface LintSubject {
  migration: LoadedMigration;
  /** The migration file, relative to the project. */
  file: string;
  /** Its `up` statements, with the line each starts on where known. */
  statements: { sql: string; line?: number }[];
  /** The schema around it, predicted on a schema-only scratch copy (absent when it could not be). */
  schemas?: { before: SchemaSnapshot; after: SchemaSnapshot };
  /** Rows per table in the target now (tables created by pending migrations have none). */
  rowCounts: Record<string, number>;
  dialect: DialectName;
  /** The dialect rolls DDL back with the transaction (false on MariaDB). */
  transactionalDdl: boolean;
  /** The schema of the target now, before the pending migrations (dihya-migrate's own tables left out). */
  schema: SchemaSnapshot;
}

/** Thresholds of the rules. */
export interface LintOptions {
  /** `pg-index-not-concurrent` fires from this many rows. */
  indexRowThreshold: number;
  /** Rules contributed by sector packs, run after the built-in ones. */
  contributed?: readonly ContributedLintRule[];
}
