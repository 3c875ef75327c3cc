import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, testsOn, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

describe.runIf(testsOn('postgres'))('PostgreSQL lock_timeout with retry', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let blocker: pg.Client;

  beforeEach(async () => {
    db = await createScratchDatabase('postgres');
    project = createProject({
      '20260101000000_accounts.sql': '-- migrate:up\ncreate table accounts (id integer primary key);\n',
      '20260102000000_add_flag.sql': '-- migrate:up\nalter table accounts add column flagged boolean not null default false;\n',
    });
    await cli(['up', '--url', db.url, '--to', '20260101000000'], project.dir);
    blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table accounts in access share mode');
  });
  afterEach(async () => {
    await blocker.end().catch(() => undefined);
    project.cleanup();
    await db.drop();
  });

  const writeConfig = (lockRetries: number) =>
    project.write('../dihya.config.json', JSON.stringify({ url: db.url, postgres: { lockTimeoutMs: 200, lockRetries } }));

  /** Commits the blocker once a second attempt waits on the lock: by then the first one has timed out, whatever the machine's load. */
  const releaseOnSecondAttempt = async () => {
    const watcher = new pg.Client({ connectionString: db.url });
    await watcher.connect();
    try {
      const seen = new Set<string>();
      for (let polls = 0; seen.size < 2 && polls < 3000; polls++) {
        const waiting = await watcher.query<{ started: string }>(
          "select query_start::text as started from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'alter table%'",
        );
        for (const row of waiting.rows) seen.add(row.started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query('commit');
    } finally {
      await watcher.end();
    }
  };

  it('waits at most lock_timeout per attempt and retries until the conflicting lock goes away', async () => {
    writeConfig(10);
    const released = releaseOnSecondAttempt();
    const up = await cli(['up'], project.dir);
    await released;
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/table lock not granted \(attempt 1\); retrying/);
    const columns = await query<{ column_name: string }>(db.url, "select column_name from information_schema.columns where table_name = 'accounts'");
    expect(columns.map((c) => c.column_name)).toContain('flagged');
  });

  it('retries a step whose COMMIT waited on the history row, with one audit entry and an intact chain', async () => {
    writeConfig(10);
    await blocker.query('rollback');
    // Another session writes the history row of the step and holds it: the step's own row, sent with its COMMIT, waits.
    await blocker.query('begin');
    await blocker.query("create temp table copied as select * from dihya_migrations where version = '20260101000000'");
    await blocker.query("update copied set version = '20260102000000'");
    await blocker.query('insert into dihya_migrations select * from copied');
    const blockerPid = (await blocker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const watcher = new pg.Client({ connectionString: db.url });
    await watcher.connect();
    const released = (async () => {
      const seen = new Set<string>();
      for (let polls = 0; seen.size < 2 && polls < 3000; polls++) {
        const waiting = await watcher.query<{ started: string }>(
          "select query_start::text as started from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> $1",
          [blockerPid],
        );
        for (const row of waiting.rows) seen.add(row.started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await blocker.query('rollback');
    })();
    const up = await cli(['up'], project.dir);
    await released;
    await watcher.end();
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/retrying/);
    const logs = path.join(project.dir, '.dihya', 'logs');
    const file = readdirSync(logs).find((f) => f.startsWith('audit-') && f.endsWith('.jsonl'))!;
    const applied = readFileSync(path.join(logs, file), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; details?: { version?: string } })
      .filter((entry) => entry.event === 'migration.applied' && JSON.stringify(entry).includes('20260102000000'));
    expect(applied).toHaveLength(1);
    expect((await cli(['audit', 'verify'], project.dir)).code).toBe(0);
  });

  it('gives up with a clear error after the last retry, changing nothing', async () => {
    writeConfig(2);
    const up = await cli(['up', '--json'], project.dir);
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('LOCK_TIMEOUT_EXHAUSTED');
    expect(up.json.error.message).toContain('3 attempts');
    expect(up.json.error.hint).toMatch(/pg_stat_activity/);
    const history = await query(db.url, 'select version from dihya_migrations');
    expect(history).toHaveLength(1);
  });
});
