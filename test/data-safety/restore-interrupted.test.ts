import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulkCounts, createBulkTables } from '../helpers/bulk-tables.ts';
import { runCliProcess, startCli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, withMysql, withPg, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';
import { waitFor } from '../helpers/wait-for.ts';

const ROWS: Record<Dialect, number> = { sqlite: 600_000, postgres: 250_000, mysql: 150_000 };
const TABLES = 3;

/** True while the restore is writing rows (the server shows it loading data). */
async function restoreLoading(dialect: Dialect, db: ScratchDatabase, project: TestProject): Promise<boolean> {
  const marker = () => {
    const dir = path.join(project.dir, '.dihya', 'backups');
    return existsSync(dir) && readdirSync(dir).some((d) => existsSync(path.join(dir, d, '.restore-in-progress.json')));
  };
  if (!marker()) return false;
  const name = new URL(db.url).pathname.slice(1);
  if (dialect === 'postgres') {
    const { rows } = await withPg((c) =>
      c.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and query ilike 'copy %' and state = 'active'`, [name]),
    );
    return rows[0].n > 0;
  }
  if (dialect === 'mysql') {
    const [rows] = await withMysql((c) =>
      c.query(`select count(*) as n from information_schema.processlist where db = ? and info like 'INSERT INTO%'`, [name]),
    );
    return Number((rows as { n: number }[])[0]!.n) > 0;
  }
  return true;
}

describe.each(DIALECTS)('a restore killed midway on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const cli = (...args: string[]) => runCliProcess([...args, '--url', db.url, '--json'], { cwd: project.dir });

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
    await createBulkTables(dialect, db.url, TABLES, ROWS[dialect]);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('leaves the database whole (or says it may not be), and every command names the backup to restore again', async () => {
    const created = await cli('backup', 'create');
    expect(created.code, created.stderr).toBe(0);
    const id = JSON.parse(created.stdout).backup.id as string;
    await query(db.url, 'delete from bulk_1 where id > 10');
    await query(db.url, 'delete from bulk_3 where id > 20');
    const before = await bulkCounts(db.url, TABLES);

    const restore = startCli(['backup', 'restore', id, '--yes', '--url', db.url], { cwd: project.dir });
    await waitFor(() => restoreLoading(dialect, db, project), 60_000);
    restore.child.kill('SIGKILL');
    await restore.done;

    if (dialect !== 'mysql') {
      // Atomic: the server rolled the restore back; no table is half-filled.
      expect(await bulkCounts(db.url, TABLES)).toEqual(before);
    }
    const status = await cli('status');
    expect(status.code, status.stdout).toBe(0);
    const problem = JSON.parse(status.stdout).problems[0];
    expect(problem.code).toBe('RESTORE_INTERRUPTED');
    expect(problem.hint).toContain(`backup restore ${id} --yes`);
    const up = await cli('up');
    expect(up.code).toBe(1);
    expect(JSON.parse(up.stdout).error.code).toBe('RESTORE_INTERRUPTED');

    const again = await cli('backup', 'restore', id, '--yes');
    expect(again.code, again.stdout).toBe(0);
    expect(await bulkCounts(db.url, TABLES)).toEqual(Array(TABLES).fill(ROWS[dialect]));
    expect(JSON.parse((await cli('status')).stdout).problems).toEqual([]);
    const verify = await cli('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
  });
});
