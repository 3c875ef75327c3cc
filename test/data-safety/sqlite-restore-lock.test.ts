import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkCounts, createBulkTables } from '../helpers/bulk-tables.ts';
import { runCliProcess } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

describe.runIf(testsOn('sqlite'))('SQLite restores and the migration lock', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  const cli = (...args: string[]) => runCliProcess([...args, '--url', db.url, '--json'], { cwd: project.dir });

  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject({ '20260101000000_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key);\n' });
    await createBulkTables('sqlite', db.url, 2, 300_000);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps the lock and the audit mirror out of backups, so a restore never hands the lock over', async () => {
    const id = JSON.parse((await cli('backup', 'create')).stdout).backup.id as string;
    const root = path.join(project.dir, '.dihya', 'backups');
    const copy = new DatabaseSync(path.join(root, readdirSync(root)[0]!, id, 'database.sqlite'), { readOnly: true });
    const tables = (copy.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
    copy.close();
    expect(tables).not.toContain('dihya_migrations_lock');
    expect(tables).not.toContain('dihya_audit');

    // A restore and an `up` at once: the `up` waits for the lock, then applies its migration once.
    const [restored, up] = await Promise.all([cli('backup', 'restore', id, '--yes'), cli('up')]);
    expect(restored.code, restored.stdout).toBe(0);
    expect(up.code, up.stdout).toBe(0);
    expect(await bulkCounts(db.url, 2)).toEqual([300_000, 300_000]);
    const verify = await cli('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
  });
});
