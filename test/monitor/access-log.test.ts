import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.ts';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key);\n-- migrate:down\ndrop table notes;\n',
};

describe.each(DIALECTS)('the access log on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let url: string;
  const run = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);
  const auditLines = () => {
    const logs = path.join(project.dir, '.dihya', 'logs');
    const file = readdirSync(logs).find((f) => f.startsWith('audit-'));
    return file
      ? readFileSync(path.join(logs, file), 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l))
      : [];
  };
  const accesses = () => auditLines().filter((e) => e.event === 'access');

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    // PostgreSQL trusts local connections here, so a password in the URL is accepted and ignored: it must never be recorded.
    url = dialect === 'postgres' ? db.url.replace('postgres@', 'postgres:Sup3rSecret@') : db.url;
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('records every command, read-only ones included, with actor, host, command, credential-free target and outcome', async () => {
    expect((await run('up')).code).toBe(0);
    const commands: [string[], string, string][] = [
      [['status'], 'status', 'ok'],
      [['plan'], 'plan', 'ok'],
      [['up', '--dry-run'], 'up --dry-run', 'ok'],
      [['validate'], 'validate', 'ok'],
      [['audit', 'show'], 'audit show', 'ok'],
      [['audit', 'verify'], 'audit verify', 'ok'],
      [['backup', 'list'], 'backup list', 'ok'],
      [['backup', 'create'], 'backup create', 'ok'],
      [['backup', 'verify'], 'backup verify', 'ok'],
      [['check'], 'check', 'ok'],
      [['metrics'], 'metrics', 'ok'],
      [['down', '--to', '20990101000000'], 'down', 'NOT_APPLIED'],
      [['backup', 'restore', 'no-such-backup', '--yes'], 'backup restore', 'BACKUP_NOT_FOUND'],
    ];
    for (const [args] of commands) await run(...args);
    const recorded = accesses();
    expect(recorded.map((e) => [e.command, e.outcome])).toEqual([['up', 'ok'], ...commands.map(([, command, outcome]) => [command, outcome])]);
    for (const entry of recorded) {
      expect(entry.host).toBe(os.hostname());
      expect(entry.actor).toBeTruthy();
      expect(entry.target).not.toContain('Sup3rSecret');
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    if (dialect === 'postgres') expect(recorded[0].target).toContain(':***@');
    expect(readFileSync(path.join(project.dir, '.dihya', 'logs', 'dihya.log'), 'utf8')).not.toContain('Sup3rSecret');
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('does not wait for a long run: the access is queued and recorded by the next command', async () => {
    expect((await run('up')).code).toBe(0);
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ monitor: { accessLockWaitMs: 100 } }));
    const target = await connect(db.url);
    const lock = await target.acquireLock({ table: 'dihya_migrations', timeoutMs: 1000, leaseMs: 30_000 });
    const started = Date.now();
    const status = await run('status');
    expect(status.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await lock.release();
    await target.close();
    const pending = readdirSync(path.join(project.dir, '.dihya', 'logs')).filter((f) => f.startsWith('access-pending-'));
    expect(pending).toHaveLength(1);
    expect(accesses().map((e) => e.command)).toEqual(['up']);

    expect((await run('backup', 'list')).code).toBe(0);
    const recorded = accesses();
    expect(recorded.map((e) => e.command)).toEqual(['up', 'status', 'backup list']);
    expect(new Date(recorded[1].deferred).getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(readdirSync(path.join(project.dir, '.dihya', 'logs')).filter((f) => f.startsWith('access-pending-'))).toEqual([]);
  });

  it('leaves a database whose dihya-migrate tables are from an older release untouched until a run upgrades them', async () => {
    expect((await run('up')).code).toBe(0);
    await query(db.url, 'update dihya_migrations_schema set version = 1 where id = 1');
    expect((await run('status')).code).toBe(0);
    expect(accesses().map((e) => e.command)).toEqual(['up']);
    expect(existsSync(path.join(project.dir, '.dihya', 'logs'))).toBe(true);
    expect((await run('backup', 'create')).code).toBe(0);
    const recorded = accesses();
    expect(recorded.map((e) => e.command)).toEqual(['up', 'status', 'backup create']);
    expect(recorded[1].deferred).toBeTruthy();
  });
});
