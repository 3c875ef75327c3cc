import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from './helpers/cli.ts';
import { createScratchDatabase, testsOn, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';
import { waitFor } from './helpers/wait-for.ts';

const CREATE_LEDGER = `-- migrate:up
create table ledger (id integer primary key, amount_cents integer not null);
insert into ledger (id, amount_cents) values (1, 100), (2, 200), (3, 300);
`;

/** Inserts 100 rows; halfway, when DIHYA_TEST_PAUSE_FILE is set, it says so in that file and hangs. */
const LONG_BACKFILL = `import { writeFileSync } from 'node:fs';

export default {
  description: 'long data migration that gets killed halfway',
  async up({ db }) {
    for (let i = 0; i < 100; i++) {
      await db.insertInto('ledger').values({ id: 1000 + i, amount_cents: i }).execute();
      if (i === 50 && process.env.DIHYA_TEST_PAUSE_FILE) {
        writeFileSync(process.env.DIHYA_TEST_PAUSE_FILE, 'halfway');
        await new Promise((resolve) => setTimeout(resolve, 60_000));
      }
    }
  },
};
`;

const CREATE_AUDIT = `-- migrate:up
create table after_crash (id integer primary key);
`;

describe.each(DIALECTS)('SIGKILL in the middle of a migration on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({
      '20260101000000_create_ledger.sql': CREATE_LEDGER,
      '20260102000000_long_backfill.ts': LONG_BACKFILL,
      '20260103000000_after_crash.sql': CREATE_AUDIT,
    });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('loses nothing, and the next run takes over the lock and finishes the job', async () => {
    const pauseFile = path.join(project.dir, 'paused');
    const first = startCli(['up', '--url', db.url], { cwd: project.dir, env: { DIHYA_TEST_PAUSE_FILE: pauseFile } });
    await waitFor(() => existsSync(pauseFile), 30_000);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');

    // What the killed run committed is there, what it had in flight is not.
    const history = await query<{ version: string }>(db.url, 'select version from dihya_migrations');
    expect(history.map((r) => r.version)).toEqual(['20260101000000']);
    expect(await query(db.url, 'select id from ledger')).toHaveLength(3);

    const second = await runCliProcess(['up', '--url', db.url, '--json', '--lock-timeout', '30000'], { cwd: project.dir });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).applied.map((m: { version: string }) => m.version)).toEqual(['20260102000000', '20260103000000']);
    const ledger = await query<{ total: number; n: number }>(db.url, 'select count(*) as n, sum(amount_cents) as total from ledger');
    expect(Number(ledger[0]!.n)).toBe(103);
    expect(Number(ledger[0]!.total)).toBe(600 + 4950);
    const after = await query<{ version: string; status: string }>(db.url, 'select version, status from dihya_migrations order by version');
    expect(after).toEqual([
      { version: '20260101000000', status: 'applied' },
      { version: '20260102000000', status: 'applied' },
      { version: '20260103000000', status: 'applied' },
    ]);
  });
});

describe.runIf(testsOn('mysql'))('SIGKILL after a schema change on MariaDB (DDL cannot roll back)', () => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase('mysql');
    project = createProject({
      '20260101000000_create_ledger.sql': CREATE_LEDGER,
      '20260102000000_reshape.ts': `import { writeFileSync } from 'node:fs';
export default {
  description: 'two schema changes, killed between them',
  async up({ run }) {
    await run('alter table ledger add column note varchar(20)');
    if (process.env.DIHYA_TEST_PAUSE_FILE) {
      writeFileSync(process.env.DIHYA_TEST_PAUSE_FILE, 'halfway');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
    await run('create table ledger_notes (id integer primary key)');
  },
};
`,
    });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  const killHalfway = async () => {
    const pauseFile = path.join(project.dir, 'paused');
    const first = startCli(['up', '--url', db.url], { cwd: project.dir, env: { DIHYA_TEST_PAUSE_FILE: pauseFile } });
    await waitFor(() => existsSync(pauseFile), 30_000);
    first.child.kill('SIGKILL');
    await first.done;
    const second = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
    expect(second.code).toBe(1);
    const error = JSON.parse(second.stdout).error;
    expect(error.code).toBe('INTERRUPTED');
    expect(error.message).toContain('20260102000000_reshape');
    expect(await query(db.url, 'select id from ledger')).toHaveLength(3);
    return error as { hint: string };
  };

  it('is detected by the next run, which says how to undo it from the backups taken just before its changes', async () => {
    const { hint } = await killHalfway();
    const undo = /resolve (\d{14}) --undo/.exec(hint)?.[1];
    expect(undo).toBe('20260102000000');
    const restored = await runCliProcess(['resolve', undo!, '--undo', '--url', db.url, '--json'], { cwd: project.dir });
    expect(restored.code, restored.stdout).toBe(0);
    expect(JSON.parse(restored.stdout).tables).toEqual(['ledger']);
    const ledger = await query<Record<string, unknown>>(db.url, 'select * from ledger order by id');
    expect(ledger.map((r) => Object.keys(r))).toEqual([
      ['id', 'amount_cents'],
      ['id', 'amount_cents'],
      ['id', 'amount_cents'],
    ]);
    const third = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
    expect(third.code, third.stdout).toBe(0);
    expect(await query(db.url, 'select id from ledger_notes')).toEqual([]);
  });

  it('can also be settled by hand with resolve', async () => {
    await killHalfway();
    await query(db.url, 'alter table ledger drop column note');
    expect((await runCliProcess(['resolve', '20260102000000', '--rolled-back', '--url', db.url], { cwd: project.dir })).code).toBe(0);
    const third = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
    expect(third.code, third.stdout).toBe(0);
    expect(await query(db.url, 'select id from ledger_notes')).toEqual([]);
  });
});
