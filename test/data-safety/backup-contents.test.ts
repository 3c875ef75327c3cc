import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { runTool } from '../../src/tools/run-tool.ts';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

/** The table names a backup folder holds, read from its files with the dialect's own tools. */
async function tablesInBackup(dir: string): Promise<string> {
  const files = readdirSync(dir);
  if (files.includes('database.sqlite')) {
    const db = new DatabaseSync(path.join(dir, 'database.sqlite'), { readOnly: true });
    try {
      return (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name).join(' ');
    } finally {
      db.close();
    }
  }
  if (files.includes('database.pgdump'))
    return (await runTool({ command: findClientTool(['pg_restore'])!, args: ['--list', path.join(dir, 'database.pgdump')] })).stdout;
  return readFileSync(path.join(dir, 'dump.sql'), 'utf8');
}

describe.each(DIALECTS)('what a backup holds on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_t.sql': '-- migrate:up\ncreate table kept_data (id integer primary key);\n' });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('the history and the data, never the lock nor the audit mirror (a restore keeps the live ones)', async () => {
    const created = await run('backup', 'create');
    expect(created.json.backup.kind).toBe('manual');
    const root = path.join(project.dir, '.dihya', 'backups');
    const contents = await tablesInBackup(path.join(root, readdirSync(root)[0]!, created.json.backup.id));
    expect(contents).toContain('kept_data');
    expect(contents).toContain('dihya_migrations');
    expect(contents).not.toContain('dihya_audit');
    expect(contents).not.toContain('dihya_migrations_lock');
  });
});
