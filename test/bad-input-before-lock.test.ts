import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, schemaOf, tableExists } from './helpers/tables.ts';

const ORDERS = '-- migrate:up\ncreate table orders (id integer primary key, total integer);\n';

/** Each bad input of issue 7 ("caught before the lock"): a DihyaError with its code and hint, never INTERNAL, and the database untouched. */
describe.each(DIALECTS)('bad input caught before the lock on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const backupsDir = () => path.join(project.dir, '.dihya', 'backups');

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_orders.sql': ORDERS });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('a `rowCounts` entry naming a missing table stops `up` before the lock and the backup, and `plan` names it too', async () => {
    project.write('20260102000000_seed.ts', "export default { description: 'seed', async up() {}, checks: { rowCounts: { ordres: 1 } } };\n");
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error).toMatchObject({ code: 'CHECK_TABLE_UNKNOWN' });
    expect(up.json.error.message).toContain('checks.rowCounts names table ordres');
    expect(await tableExists(db.url, 'orders')).toBe(false);
    expect(existsSync(backupsDir())).toBe(false);
    const plan = await run('plan');
    expect(plan.code).toBe(2);
    expect(plan.json.error.code).toBe('CHECK_TABLE_UNKNOWN');
    // A table an earlier pending migration creates is known.
    project.write('20260102000000_seed.ts', "export default { description: 'seed', async up() {}, checks: { rowCounts: { orders: 0 } } };\n");
    const fixed = await run('up');
    expect(fixed.code, JSON.stringify(fixed.json)).toBe(0);
  });

  it('`plan` exits non-zero when a pending migration fails on the scratch copy, and names only that one', async () => {
    project.write('20260102000000_bad.sql', '-- migrate:up\ninsert into nowhere_table values (1);\n');
    project.write('20260103000000_good.sql', '-- migrate:up\ncreate table good (id integer primary key);\n');
    const text = await cli(['plan', '--url', db.url], project.dir);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('error [PLAN_MIGRATION_FAILS]: Migration 20260102000000_bad fails on a schema-only copy of the database');
    expect(text.stderr).toContain('(1 later migration(s) not tried)');
    expect(text.stderr).toMatch(/\n {2}hint: \S/);
    const good = text.stdout.slice(text.stdout.indexOf('-- 20260103000000_good'));
    expect(good).toContain('-- (not tried: 20260102000000_bad fails before it)');
    expect(good).not.toMatch(/nowhere_table|FAILS/);
    expect(text.stdout.match(/nowhere_table/g)?.length).toBe(2); // its SQL, and its failure
    const json = await run('plan');
    expect(json.code).toBe(2);
    expect(json.json.error.code).toBe('PLAN_MIGRATION_FAILS');
    const pending = json.json.pending as { name: string; failedOnScratch?: string; schemaChanges?: string[]; schemaPreviewError?: string }[];
    expect(pending.map((p) => [p.name, Boolean(p.failedOnScratch), p.schemaPreviewError])).toEqual([
      ['20260101000000_orders', false, undefined],
      ['20260102000000_bad', true, undefined],
      ['20260103000000_good', false, undefined],
    ]);
    expect(pending[0]!.schemaChanges).toEqual([expect.stringContaining('+table orders')]);
    const fr = await cli(['plan', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stderr).toContain('erreur [PLAN_MIGRATION_FAILS]: La migration 20260102000000_bad échoue sur une copie de la base sans données');
    expect(await tableExists(db.url, 'orders')).toBe(false);
    project.remove('20260102000000_bad.sql');
    expect((await run('plan')).code).toBe(0);
  });

  it('a history table of the wrong shape (another tool’s) is named, for every command, and left as it was', async () => {
    await query(db.url, 'create table dihya_migrations (id integer primary key, script varchar(100))');
    const before = (await schemaOf(db.url)).tables;
    for (const command of [['status'], ['plan'], ['validate'], ['up'], ['down'], ['backup', 'create']]) {
      const result = await run(...command);
      expect(result.json.error?.code, `${command.join(' ')}: ${JSON.stringify(result.json)}`).toBe('HISTORY_TABLE_FOREIGN');
      expect(result.code).toBe(2);
      expect(result.json.error.message).toBe(
        'Table dihya_migrations is not a dihya-migrate history table: it has no column version, name, checksum, kind, status, applied_at, duration_ms, applied_by',
      );
      expect(result.json.error.hint).toContain('`table`');
      expect((await schemaOf(db.url)).tables, command.join(' ')).toEqual(before);
    }
    expect(existsSync(backupsDir())).toBe(false);
  });

  it('a migration throwing something that is not an Error fails as MIGRATION_FAILED, described, not `[object Object]`', async () => {
    project.write('20260102000000_throws.ts', "export default { description: 'throws', async up() { throw { code: 42, why: 'nope' }; } };\n");
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.message).toBe('Migration 20260102000000_throws failed: a thrown object: {"code":42,"why":"nope"}');
    const text = await cli(['up', '--url', db.url], project.dir);
    expect(text.stderr).not.toContain('[object Object]');
    expect(text.stderr).not.toContain('INTERNAL');
  });

  it('a corrupt manifest.json is listed as unreadable and neither fails `up` nor costs the fresh backup', async () => {
    expect((await run('up')).code).toBe(0);
    const [folder] = readdirSync(backupsDir());
    const targetDir = path.join(backupsDir(), folder!);
    const [first] = readdirSync(targetDir);
    writeFileSync(path.join(targetDir, first!, 'manifest.json'), '{ "format": 1, "id": ');
    project.write('20260102000000_items.sql', '-- migrate:up\ncreate table items (id integer primary key);\n');
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    expect(up.json.applied).toHaveLength(1);
    const after = readdirSync(targetDir);
    expect(after).toContain(first);
    expect(after).toHaveLength(2);
    const list = await cli(['backup', 'list', '--url', db.url], project.dir);
    expect(list.code).toBe(0);
    expect(list.stdout + list.stderr).toContain(`unreadable backup folder ${first}: manifest.json is not valid JSON`);
    expect((await run('status')).code).toBe(0);
  });
});
