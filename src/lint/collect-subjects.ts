import path from 'node:path';
import { countRows } from '../database/row-counts.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import type { DryRunResult } from '../migrations/dry-run.ts';
import type { LoadedMigration } from '../migrations/load-migration.ts';
import type { LintSubject } from './lint-subject.ts';

/**
 * Builds what lint reads about each migration: its statements with their lines (from its dry run),
 * the predicted schemas around it (when the preview could run), and the row counts of the existing
 * tables its statements or its schema changes name (only those are counted).
 *
 * @example
 * const subjects = await collectLintSubjects(target, migrations, dryRuns, preview.schemas, { ownTables, cwd })
 */
export async function collectLintSubjects(
  target: Target,
  migrations: LoadedMigration[],
  dryRuns: Map<string, DryRunResult>,
  schemas: Map<string, { before: SchemaSnapshot; after: SchemaSnapshot }>,
  options: { ownTables: string[]; cwd: string; current?: SchemaSnapshot | undefined },
): Promise<LintSubject[]> {
  // the target's schema as the caller already read it (the schema preview does), or read now
  const current = options.current ?? (await target.snapshotSchema(undefined, options.ownTables));
  const existing = current.tables;
  const statementsOf = (m: LoadedMigration) => {
    const run = dryRuns.get(m.version);
    if (!run) return (m.sql?.up ?? []).map((s) => ({ sql: s.sql, line: s.line }));
    return run.statements.map((sql, i) => ({ sql, ...(run.locations[i]?.line === undefined ? {} : { line: run.locations[i].line }) }));
  };
  const named = new Set<string>();
  const statements = new Map(migrations.map((m) => [m.version, statementsOf(m)]));
  const texts = [...statements.values()].flatMap((list) => list.map((s) => s.sql));
  // A name made of word characters is named when it is one of the statements' words (as the regex would find it).
  const words = new Set(texts.flatMap((text) => text.match(/[\w$]+/g) ?? []).map((w) => w.toLowerCase()));
  for (const table of Object.keys(existing)) {
    const mentioned = /^[\w$]+$/.test(table)
      ? words.has(table.toLowerCase())
      : texts.some((text) => new RegExp(`(^|[^\\w$])${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w$]|$)`, 'i').test(text));
    if (mentioned) named.add(table);
    for (const predicted of schemas.values()) {
      const after = predicted.after.tables[table];
      const before = predicted.before.tables[table];
      // the same object before and after (a table the preview did not copy) has not changed
      if (after && after !== before && JSON.stringify(after) !== JSON.stringify(before)) named.add(table);
    }
  }
  const rowCounts = await countRows(target.db, [...named]);
  return migrations.map((migration) => {
    const predicted = schemas.get(migration.version);
    return {
      migration,
      file: path.relative(options.cwd, migration.file) || migration.file,
      statements: statements.get(migration.version) ?? [],
      ...(predicted ? { schemas: predicted } : {}),
      rowCounts,
      dialect: target.dialect,
      transactionalDdl: target.capabilities.transactionalDdl,
      schema: current,
    };
  });
}
