import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const table = (name: string) =>
  `-- migrate:up\ncreate table ${name} (id integer primary key);\ninsert into ${name} values (1);\n-- migrate:down\ndrop table ${name};\n`;

/** The run under the backup settings people change (SQLite): no backups at all, a full verification before migrating, the atomic run. */
describe('runs under backup settings (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);
  const config = (backup: Record<string, unknown>) => writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ backup }));
  const backups = () => {
    try {
      return readdirSync(path.join(project.dir, '.dihya', 'backups')).length;
    } catch {
      return 0;
    }
  };

  beforeEach(() => {
    project = createProject({ '20260101000000_one.sql': table('one'), '20260102000000_two.sql': table('two') });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
  });
  afterEach(() => project.cleanup());

  it('backup.enabled false: up and down take no backup, and the run still applies and reverts', async () => {
    config({ enabled: false });
    const up = await json('up');
    expect(up.code).toBe(0);
    expect(up.json.backup).toBeUndefined();
    expect((await json('backup', 'list')).json.backups).toEqual([]);
    const down = await json('down');
    expect(down.code).toBe(0);
    expect(down.json.backup).toBeUndefined();
    expect(await tableExists(url, 'two')).toBe(false);
    // `backup create` is a backup asked for: it is taken whatever the setting.
    expect((await json('backup', 'create')).code).toBe(0);
    expect((await json('backup', 'list')).json.backups).toHaveLength(1);
  });

  it('backup.verify full: the backup before the run is restored into a scratch database and compared first', async () => {
    expect((await json('up', '--to', '20260101000000')).code).toBe(0);
    config({ verify: 'full' });
    const up = await json('up');
    expect(up.code).toBe(0);
    expect(up.json.backup).toEqual(expect.any(String));
    expect(up.json.applied.map((m: { name: string }) => m.name)).toEqual(['20260102000000_two']);
    expect(backups()).toBeGreaterThan(0);
  });

  it('up --atomic applies all or nothing; a migration outside a transaction is refused before any work', async () => {
    project.write('20260103000000_broken.sql', '-- migrate:up\ncreate table three (id integer primary key);\ninsert into no_such_table values (1);\n');
    const failed = await json('up', '--atomic');
    expect(failed.code).toBe(1);
    expect(await query(url, "select name from sqlite_master where type = 'table' and name in ('one', 'two', 'three')")).toEqual([]);
    project.remove('20260103000000_broken.sql');
    project.write('20260103000000_outside.sql', '-- migrate:up transaction:false\ncreate table three (id integer primary key);\n');
    const refused = await json('up', '--atomic');
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('ATOMIC_UNSUPPORTED');
    expect(refused.json.error.message).toContain('20260103000000_outside');
    project.remove('20260103000000_outside.sql');
    const applied = await json('up', '--atomic');
    expect(applied.code).toBe(0);
    expect(applied.json.applied).toHaveLength(2);
  });
});
