import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readMigrations } from '../../layouts/read-layout.ts';
import { loadMigration, type LoadedMigration } from '../../migrations/load-migration.ts';
import { renderMigrationDocs, type MigrationDoc } from '../../migrations/migration-docs.ts';
import { applicableHooks } from '../../sectors/applicable.ts';
import { bareName, catalogWords, identifiersIn } from '../../sectors/mentions.ts';
import { knownPacks } from '../../sectors/sector-template.ts';
import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `docs [--out file]`: writes MIGRATIONS.md from the migration files and the history (see renderMigrationDocs). Changes nothing in the database. */
export async function docsCommand(globals: GlobalOptions, options: { out?: string }): Promise<CommandResult> {
  return withMigrator(globals, async (migrator) => {
    const status = await migrator.status();
    const rows = new Map((await migrator.history.read()).map((r) => [r.version, r]));
    const entries = new Map(status.entries.map((e) => [e.version, e]));
    const files = readMigrations(migrator.config.migrationsDir, migrator.config.layout);
    const loaded: LoadedMigration[] = [];
    for (const file of files) loaded.push(await loadMigration(file, migrator.target.dialect));
    const packs = await knownPacks(migrator.config);
    const catalog = packs.flatMap((p) => p.catalog ?? []).filter((e) => e.category !== 'money');
    const configured = Object.keys(migrator.config.privacy.columns).map((key) => key.split('.').at(-1)!.toLowerCase());
    const hooks = await applicableHooks(migrator.config, loaded);
    // Lint of every file (pending ones on their predicted schema), built-in and sector packs' rules.
    const linted = await migrator.lint({ all: true }).then(
      (findings) => ({ findings }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    // Names of tables and columns only (never words of a comment or a data value): those of the schema, or of a recorded change.
    const schema = await migrator.target.snapshotSchema(undefined, migrator.tables.all);
    const schemaNames = new Set(
      Object.entries(schema.tables).flatMap(([table, t]) => [bareName(table), ...Object.keys(t.columns).map((c) => c.toLowerCase())]),
    );
    const docs: MigrationDoc[] = loaded.map((m) => {
      const row = rows.get(m.version);
      const changed = identifiersIn(row?.schema_change ?? '');
      const words = new Set([...identifiersIn(m.text)].filter((w) => schemaNames.has(w) || changed.has(w)));
      const personal = [
        ...new Set([
          ...configured.filter((c) => words.has(c)),
          ...catalogWords(words, catalog, 'special-category'),
          ...catalogWords(words, catalog, 'personal'),
        ]),
      ].sort();
      return {
        version: m.version,
        name: m.name,
        kind: m.kind,
        definition: m.definition,
        state: entries.get(m.version)?.state ?? 'pending',
        ...(row && row.status === 'applied' ? { applied: { at: row.applied_at, by: row.applied_by, durationMs: row.duration_ms } } : {}),
        ...(row?.schema_change ? { schemaChange: row.schema_change } : {}),
        personalData: personal,
        hooks: hooks.get(m.version) ?? [],
        lint:
          'error' in linted
            ? linted
            : {
                findings: linted.findings
                  .filter((f) => f.migration === m.name)
                  .map((f) => ({
                    rule: f.rule,
                    severity: f.severity,
                    ...(f.line === undefined ? {} : { line: f.line }),
                    ...(f.allowed === undefined ? {} : { allowed: f.allowed }),
                  })),
              },
      };
    });
    const file = path.resolve(globals.cwd, options.out ?? 'MIGRATIONS.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, renderMigrationDocs(migrator.target.displayUrl, docs));
    return { json: { file, migrations: docs.length }, text: [globals.m.docs.written(path.relative(globals.cwd, file) || file, docs.length)] };
  });
}
