import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError } from '../src/errors/dihya-error.ts';
import { Migrator } from '../src/migrator/migrator.ts';
import { createScratchDatabase, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

const MIGRATIONS = {
  '20260101000000_create_items.sql':
    '-- migrate:up\ncreate table items (id integer primary key, qty int);\ninsert into items values (1, 1);\n-- migrate:down\ndrop table items;\n',
  '20260102000000_reset_qty.sql': '-- migrate:up\n-- every row, on purpose\nupdate items set qty = 0;\n-- migrate:down\nselect 1;\n',
  '20260103000000_drop_items.sql': '-- migrate:up\ndrop table items;\n',
};

describe('lint on SQLite: findings and lint.onUp', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    await migrator?.close();
    migrator = undefined;
    project.cleanup();
    await db.drop();
  });
  const open = async (onUp: 'error' | 'warn' | 'off') => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ lint: { onUp } }));
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    return migrator;
  };

  it('lint names each finding with its file and line, the table row counts from the database', async () => {
    const m = await open('warn');
    await m.up({ to: '20260101000000' });
    const findings = await m.lint();
    const byRule = Object.fromEntries(findings.map((f) => [f.rule, f]));
    expect(byRule['update-delete-without-where']).toMatchObject({
      migration: '20260102000000_reset_qty',
      file: path.join('migrations', '20260102000000_reset_qty.sql'),
      line: 3,
    });
    expect(byRule['drop-table']).toMatchObject({ migration: '20260103000000_drop_items' });
    expect(byRule['no-down']).toMatchObject({ migration: '20260103000000_drop_items' });
  });

  it('lint.onUp error refuses up with LINT_BLOCKED before running anything; off lets it run', async () => {
    const strict = await open('error');
    await strict.up({ to: '20260101000000' });
    const error = await strict.up().catch((e: unknown) => e as DihyaError);
    expect(DihyaError.is(error, 'LINT_BLOCKED')).toBe(true);
    expect((error as DihyaError).message).toContain('drop-table');
    const pending = async (m: Migrator) => (await m.status()).entries.filter((e) => e.state === 'pending').length;
    expect(await pending(strict)).toBe(2);
    await strict.close();
    const relaxed = await open('off');
    // The UPDATE without WHERE runs: lint does not stand in the way any more.
    await relaxed.up({ to: '20260102000000' });
    expect(await pending(relaxed)).toBe(1);
  });
});
