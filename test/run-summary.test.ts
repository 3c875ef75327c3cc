import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

const table = (name: string) => `-- migrate:up\ncreate table ${name} (id integer primary key);\n-- migrate:down\ndrop table ${name};\n`;

describe.each(DIALECTS)('what a run reports on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_orders.sql': table('orders'), '20260102000000_items.sql': table('items') });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('a successful run: the steps and the id of the backup taken before them', async () => {
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).toBe(0);
    expect(up.json.applied.map((a: { name: string }) => a.name)).toEqual(['20260101000000_orders', '20260102000000_items']);
    const list = await cli(['backup', 'list', '--url', db.url, '--json'], project.dir);
    expect(up.json.backup).toBe(list.json.backups[0].id);
    const down = await cli(['down', '--url', db.url, '--json'], project.dir);
    expect(down.json.reverted.map((a: { name: string }) => a.name)).toEqual(['20260102000000_items']);
    expect(typeof down.json.backup).toBe('string');
    expect((await cli(['up', '--url', db.url, '--json'], project.dir)).json.backup).toEqual(expect.any(String));
    const nothing = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(nothing.json.applied).toEqual([]);
    expect(nothing.json).not.toHaveProperty('backup');
  });

  it('a failed run: applied, failed, not run and the backup; the console ends with a one-line summary', async () => {
    project.write('20260103000000_broken.sql', '-- migrate:up\ninsert into nowhere_table values (1);\n');
    project.write('20260104000000_tags.sql', table('tags'));
    project.write('20260105000000_notes.sql', table('notes'));
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).toBe(1);
    expect(up.json.ok).toBe(false);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.applied.map((a: { name: string }) => a.name)).toEqual(['20260101000000_orders', '20260102000000_items']);
    expect(up.json.failed).toEqual({ name: '20260103000000_broken', code: 'MIGRATION_FAILED', outcome: 'rolled-back' });
    expect(up.json.notRun).toEqual(['20260104000000_tags', '20260105000000_notes']);
    expect(up.json.backup).toMatch(/^\d{8}T\d{9}Z-run-/);
    expect(up.json.restored).toBeNull();

    const text = await cli(['up', '--url', db.url], project.dir);
    expect(text.code).toBe(1);
    const lastLine = text.stderr.trimEnd().split('\n').at(-1);
    expect(lastLine).toMatch(
      /^run failed: 0 applied, 20260103000000_broken failed \(rolled back, nothing kept\), 2 not run; backup taken before the run: \d{8}T\d{9}Z-run-\w+$/,
    );
    const fr = await cli(['up', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^échec de l’exécution : 0 appliquée\(s\), 20260103000000_broken en échec \(annulée, rien de gardé\), 2 non exécutée\(s\)/,
    );
  });

  it('a failed step outside a transaction that was restored names the backup restored', async () => {
    const restoredFrom = (json: { restored: { backup: string } | null; backup: string | null }) => json.restored?.backup;
    project.write(
      '20260103000000_half.ts',
      `export default { description: 'half', transactional: false, async up({ db }) {
  await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
  throw new Error('stopped halfway');
} };\n`,
    );
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).toBe(1);
    expect(up.json.failed).toMatchObject({ name: '20260103000000_half', outcome: 'restored' });
    expect(up.json.restored).not.toBeNull();
    expect(typeof restoredFrom(up.json)).toBe('string');
    expect(up.json.applied).toHaveLength(2);
    expect(up.json.notRun).toEqual([]);
  });
});
