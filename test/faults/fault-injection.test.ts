import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess, startCli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

/**
 * Kills `up`, `down` and `backup restore` with SIGKILL at random moments, recovers the way an
 * operator would (run again; `resolve <v> --undo` for a migration cut short where DDL cannot roll
 * back; `backup restore` again for a restore cut short), and checks that every migration was
 * applied exactly once, the data equal a run that was never interrupted, and history, lock and
 * audit are consistent. `npm run test:faults` runs DIHYA_FAULT_TRIALS (30) trials per command and
 * dialect and prints the tally; `npm test` runs one of each.
 */
const TRIALS = Number(process.env.DIHYA_FAULT_TRIALS ?? 1);
/** `down --to FIRST` reverts everything after the first migration, however far an earlier, killed `down` got. */
const FIRST = '20260101000000';

const MIGRATIONS: Record<string, string> = {
  '20260101000000_ledger.sql': `-- migrate:up
create table ledger (id integer primary key, amount integer not null);
create table applied_counts (name varchar(40) primary key, n integer not null);
insert into ledger (id, amount) values (1, 100), (2, 200), (3, 300);
insert into applied_counts (name, n) values ('credit', 0), ('reshape', 0);
-- migrate:down
drop table applied_counts;
drop table ledger;
`,
  '20260102000000_credit.sql': `-- migrate:up
update ledger set amount = amount + 10;
update applied_counts set n = n + 1 where name = 'credit';
-- migrate:down
update ledger set amount = amount - 10;
update applied_counts set n = n - 1 where name = 'credit';
`,
  '20260103000000_reshape.sql': `-- migrate:up
alter table ledger add column note varchar(20);
update ledger set note = 'ok';
update applied_counts set n = n + 1 where name = 'reshape';
-- migrate:down
alter table ledger drop column note;
update applied_counts set n = n - 1 where name = 'reshape';
`,
  '20260104000000_history.sql': `-- migrate:up
create table movements (id integer primary key, ledger_id integer not null, delta integer not null);
insert into movements (id, ledger_id, delta) values (1, 1, 5), (2, 2, 6), (3, 3, 7);
create index movements_ledger on movements (ledger_id);
-- migrate:down
drop table movements;
`,
};

interface Tally {
  trials: number;
  failures: string[];
}
const tally = new Map<string, Tally>();
const record = (key: string, failure?: string) => {
  const entry = tally.get(key) ?? { trials: 0, failures: [] };
  entry.trials++;
  if (failure) entry.failures.push(failure);
  tally.set(key, entry);
};

afterAll(() => {
  const lines = [...tally].map(
    ([key, t]) => `${key}: ${t.trials} trial(s), ${t.failures.length} failure(s)${t.failures.length ? `\n    ${t.failures.join('\n    ')}` : ''}`,
  );
  process.stdout.write(`\nfault injection (SIGKILL at random moments)\n  ${lines.join('\n  ')}\n`);
});

/** Every user table's rows, sorted, for comparing two databases. */
async function userData(url: string): Promise<Record<string, unknown[]>> {
  const data: Record<string, unknown[]> = {};
  for (const table of ['ledger', 'applied_counts', 'movements']) {
    try {
      const rows = await query<Record<string, unknown>>(url, `select * from ${table}`);
      data[table] = rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])))).sort();
    } catch {
      data[table] = ['(absent)'];
    }
  }
  return data;
}

async function history(url: string): Promise<string[]> {
  try {
    return (await query<{ version: string; status: string }>(url, 'select version, status from dihya_migrations order by version')).map(
      (r) => `${r.version}:${r.status}`,
    );
  } catch {
    return [];
  }
}

/** Runs a command until it succeeds, settling what a kill left the way an operator would. Returns the last output. */
async function recover(project: TestProject, url: string, args: string[], restoreId?: string): Promise<void> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const result = await runCliProcess([...args, '--url', url, '--json'], { cwd: project.dir });
    if (result.code === 0) return;
    const error = JSON.parse(result.stdout || '{}').error as { code: string; hint: string; message: string } | undefined;
    if (!error) throw new Error(`${args.join(' ')} failed without JSON: ${result.stderr}`);
    if (error.code === 'RESTORE_INTERRUPTED') {
      const id = /backup restore (\S+) --yes/.exec(error.hint)?.[1] ?? restoreId;
      await runCliProcess(['backup', 'restore', id!, '--yes', '--url', url], { cwd: project.dir });
    } else if (error.code === 'INTERRUPTED') {
      const version = /resolve (\d{14}) --undo/.exec(error.hint)?.[1];
      if (!version) throw new Error(`interrupted without an undo: ${error.message}`);
      const undo = await runCliProcess(['resolve', version, '--undo', '--url', url, '--json'], { cwd: project.dir });
      if (undo.code !== 0) throw new Error(`resolve --undo failed: ${undo.stdout}`);
    } else if (error.code !== 'LOCK_HELD') {
      throw new Error(`${args.join(' ')}: ${error.code}: ${error.message}`);
    }
  }
  throw new Error(`${args.join(' ')} never succeeded`);
}

/** Starts a command and SIGKILLs it after `delayMs` (if it is still running). */
async function killAfter(project: TestProject, url: string, args: string[], delayMs: number): Promise<void> {
  const run = startCli([...args, '--url', url], { cwd: project.dir });
  const timer = setTimeout(() => run.child.kill('SIGKILL'), delayMs);
  await run.done;
  clearTimeout(timer);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function consistent(project: TestProject, url: string): Promise<string | undefined> {
  const verify = await runCliProcess(['audit', 'verify', '--url', url, '--json'], { cwd: project.dir });
  if (verify.code !== 0) return `audit: ${verify.stdout.slice(0, 300)}`;
  const status = JSON.parse((await runCliProcess(['status', '--url', url, '--json'], { cwd: project.dir })).stdout);
  if (status.problems.length > 0) return `status problems: ${JSON.stringify(status.problems)}`;
  try {
    const locks = await query(url, 'select * from dihya_migrations_lock');
    if (locks.length > 0) return 'a lock row was left behind';
  } catch {
    // only SQLite has a lock table
  }
  return undefined;
}

describe.each(DIALECTS)('SIGKILL at random moments on %s', (dialect: Dialect) => {
  const fresh = async (): Promise<{ db: ScratchDatabase; project: TestProject }> => ({
    db: await createScratchDatabase(dialect),
    project: createProject(MIGRATIONS),
  });

  it(`up: ${TRIALS} kill(s), every migration applied exactly once`, async () => {
    const reference = await fresh();
    const duration = await timed(() => runCliProcess(['up', '--url', reference.db.url], { cwd: reference.project.dir }));
    const expected = await userData(reference.db.url);
    const expectedHistory = await history(reference.db.url);
    await reference.db.drop();
    reference.project.cleanup();
    for (let trial = 0; trial < TRIALS; trial++) {
      const { db, project } = await fresh();
      const delay = Math.round(Math.random() * duration);
      let failure: string | undefined;
      try {
        await killAfter(project, db.url, ['up'], delay);
        await recover(project, db.url, ['up']);
        const data = await userData(db.url);
        if (JSON.stringify(data) !== JSON.stringify(expected)) failure = `killed at ${delay} ms: data ${JSON.stringify(data)}`;
        else if (JSON.stringify(await history(db.url)) !== JSON.stringify(expectedHistory))
          failure = `killed at ${delay} ms: history ${JSON.stringify(await history(db.url))}`;
        else failure = await consistent(project, db.url);
      } catch (error) {
        failure = `killed at ${delay} ms: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        await db.drop();
        project.cleanup();
      }
      record(`${dialect} up`, failure);
      expect(failure).toBeUndefined();
    }
  });

  it(`down: ${TRIALS} kill(s), every migration reverted exactly once`, async () => {
    const reference = await fresh();
    await runCliProcess(['up', '--url', reference.db.url], { cwd: reference.project.dir });
    const duration = await timed(() => runCliProcess(['down', '--to', FIRST, '--url', reference.db.url], { cwd: reference.project.dir }));
    const expected = await userData(reference.db.url);
    const expectedHistory = await history(reference.db.url);
    await reference.db.drop();
    reference.project.cleanup();
    for (let trial = 0; trial < TRIALS; trial++) {
      const { db, project } = await fresh();
      const delay = Math.round(Math.random() * duration);
      let failure: string | undefined;
      try {
        await runCliProcess(['up', '--url', db.url], { cwd: project.dir });
        await killAfter(project, db.url, ['down', '--to', FIRST], delay);
        await recover(project, db.url, ['down', '--to', FIRST]);
        const data = await userData(db.url);
        if (JSON.stringify(data) !== JSON.stringify(expected)) failure = `killed at ${delay} ms: data ${JSON.stringify(data)}`;
        else if (JSON.stringify(await history(db.url)) !== JSON.stringify(expectedHistory))
          failure = `killed at ${delay} ms: history ${JSON.stringify(await history(db.url))}`;
        else failure = await consistent(project, db.url);
      } catch (error) {
        failure = `killed at ${delay} ms: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        await db.drop();
        project.cleanup();
      }
      record(`${dialect} down`, failure);
      expect(failure).toBeUndefined();
    }
  });

  it(`backup restore: ${TRIALS} kill(s), the database ends as the backup recorded it`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { db, project } = await fresh();
      let failure: string | undefined;
      let delay = 0;
      try {
        await runCliProcess(['up', '--url', db.url], { cwd: project.dir });
        const backup = JSON.parse((await runCliProcess(['backup', 'create', '--url', db.url, '--json'], { cwd: project.dir })).stdout).backup.id as string;
        const expected = await userData(db.url);
        const expectedHistory = await history(db.url);
        await query(db.url, 'delete from movements where id > 1');
        await query(db.url, 'update ledger set amount = 0');
        const duration = await timed(() => runCliProcess(['backup', 'restore', backup, '--yes', '--url', db.url], { cwd: project.dir }));
        await query(db.url, 'delete from movements where id > 1');
        delay = Math.round(Math.random() * duration);
        await killAfter(project, db.url, ['backup', 'restore', backup, '--yes'], delay);
        await recover(project, db.url, ['status'], backup);
        // status succeeds even with an interrupted restore (it lists it): settle it like an operator.
        const problems = JSON.parse((await runCliProcess(['status', '--url', db.url, '--json'], { cwd: project.dir })).stdout).problems as { code: string }[];
        if (problems.some((p) => p.code === 'RESTORE_INTERRUPTED') || (await userData(db.url)).movements!.length !== expected.movements!.length) {
          await recover(project, db.url, ['backup', 'restore', backup, '--yes'], backup);
        }
        const data = await userData(db.url);
        if (JSON.stringify(data) !== JSON.stringify(expected)) failure = `killed at ${delay} ms: data ${JSON.stringify(data)}`;
        else if (JSON.stringify(await history(db.url)) !== JSON.stringify(expectedHistory)) failure = `killed at ${delay} ms: history`;
        else failure = await consistent(project, db.url);
      } catch (error) {
        failure = `killed at ${delay} ms: ${error instanceof Error ? error.message : String(error)}`;
      } finally {
        await db.drop();
        project.cleanup();
      }
      record(`${dialect} backup restore`, failure);
      expect(failure).toBeUndefined();
    }
  });
});
