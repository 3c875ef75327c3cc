import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect } from '../../src/database/connect.ts';
import { cli, runCliProcess } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, testsOn, withPg, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const ITEMS =
  '-- migrate:up\ncreate table items (id integer primary key, n integer not null);\ninsert into items (id, n) values (1, 1);\n-- migrate:down\ndrop table items;\n';

/** Takes a row lock, then awaits a promise that never settles. */
const HANGS = `export default {
  description: 'waits forever holding a lock',
  timeoutMs: 1500,
  async up({ run }) {
    await run('update items set n = n + 1');
    await new Promise(() => undefined);
  },
};
`;

const EXITS = `export default {
  description: 'ends the process in the middle',
  async up({ run }) {
    await run('update items set n = n + 1');
    process.exit(0);
  },
};
`;

describe.each(DIALECTS)('no migration without a deadline, on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_items.sql': ITEMS });
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('stops a migration that never settles at its deadline, rolls it back and releases its locks', async () => {
    project.write('20260102000000_hangs.ts', HANGS);
    const up = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
    expect(up.code, up.stderr).toBe(1);
    const error = JSON.parse(up.stdout).error;
    expect(error.code).toBe('MIGRATION_TIMEOUT');
    expect(error.message).toMatch(/stopped after 1500 ms/);
    expect(error.hint).toMatch(/Nothing of it was kept|restored/);
    expect(await query(db.url, 'select n from items')).toEqual([{ n: 1 }]);
    if (dialect === 'postgres') {
      const name = new URL(db.url).pathname.slice(1);
      const { rows } = await withPg((c) =>
        c.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`, [name]),
      );
      expect(rows[0].n).toBe(0);
    }
    // The lock is free and the database usable: a fixed migration applies.
    project.write('20260102000000_hangs.ts', HANGS.replace('    await new Promise(() => undefined);\n', ''));
    const again = await run('up');
    expect(again.code, JSON.stringify(again.json)).toBe(0);
    expect(await query(db.url, 'select n from items')).toEqual([{ n: 2 }]);
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('stops the whole run at timeouts.runMs', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ timeouts: { runMs: 1200 } }));
    project.write('20260102000000_hangs.ts', HANGS.replace('  timeoutMs: 1500,\n', ''));
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_TIMEOUT');
    expect(up.json.error.message).toMatch(/the run/);
  });

  it('fails a migration that calls process.exit(), audited, instead of ending the run with nothing recorded', async () => {
    project.write('20260102000000_exits.ts', EXITS);
    const up = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
    expect(up.code).toBe(1);
    const error = JSON.parse(up.stdout).error;
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toMatch(/called process\.exit\(0\)/);
    expect(await query(db.url, 'select n from items')).toEqual([{ n: 1 }]);
    const events = (await run('audit', 'show')).json.entries.map((e: { event: string }) => e.event);
    expect(events).toEqual(expect.arrayContaining(['migration.failed', 'run.failed']));
  });

  it('refuses a migration that opens its own database connections, before anything runs', async () => {
    const driver = dialect === 'postgres' ? 'pg' : dialect === 'mysql' ? 'mysql2/promise' : 'node:sqlite';
    project.write(
      '20260102000000_own.ts',
      `import * as driver from '${driver}';\nexport default { description: 'own connection', async up() { void driver; } };\n`,
    );
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error.code).toBe('OWN_CONNECTIONS');
    expect(up.json.error.message).toContain(`imports '${driver}'`);
    project.write(
      '20260102000000_own.ts',
      `import * as driver from '${driver}';\nexport default { description: 'own connection', ownConnections: true, async up() { void driver; } };\n`,
    );
    expect((await run('up')).code).toBe(0);
  });
});

describe.runIf(testsOn('postgres'))('the PostgreSQL lock session under idle_session_timeout', () => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
    const name = new URL(db.url).pathname.slice(1);
    await withPg((c) => c.query(`alter database ${name} set idle_session_timeout = '300ms'`));
    project = createProject({
      '20260101000000_items.sql': ITEMS,
      '20260102000000_slow.ts':
        "export default { description: 'slow', async up({ run }) { await new Promise((r) => setTimeout(r, 1500)); await run('update items set n = n + 1'); } };\n",
    });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps the lock while a migration runs: concurrent runs never overlap', async () => {
    const runs = await Promise.all([0, 1, 2].map(() => runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir })));
    for (const r of runs) expect([0, 1], r.stdout + r.stderr).toContain(r.code);
    expect(runs.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(1);
    for (const r of runs.filter((x) => x.code !== 0)) expect(JSON.parse(r.stdout).error.code).not.toBe('INTERNAL');
    expect(await query(db.url, 'select n from items')).toEqual([{ n: 2 }]);
    expect((await runCliProcess(['audit', 'verify', '--url', db.url], { cwd: project.dir })).code).toBe(0);
  });

  it("keeps the run's other sessions too: one idle longer than the timeout still answers", async () => {
    const target = await connect(db.url);
    try {
      await sql`select 1`.execute(target.db);
      await new Promise((resolve) => setTimeout(resolve, 700));
      const { rows } = await sql<{ t: string }>`select current_setting('idle_session_timeout') as t`.execute(target.db);
      expect(rows).toEqual([{ t: '0' }]);
    } finally {
      await target.close();
    }
  });
});
