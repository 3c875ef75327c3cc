import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('history against audit on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const logs = () => path.join(project.dir, '.dihya', 'logs');
  const auditFile = () =>
    path.join(
      logs(),
      readdirSync(logs()).find((f) => f.startsWith('audit-') && f.endsWith('.jsonl'))!,
    );
  const fileEntries = () => readFileSync(auditFile(), 'utf8').trimEnd().split('\n').length;
  const reasons = (result: { json: { problems: { reason: string }[] } }) => result.json.problems.map((p) => p.reason);

  beforeEach(async () => {
    delete process.env.DIHYA_AUDIT_KEY;
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('refuses `up` before the lock when a history row the audit records as applied is gone, and verify names it', async () => {
    await query(db.url, "delete from dihya_migrations where version = '20260102000000'");
    const before = fileEntries();
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('AUDIT_HISTORY_MISMATCH');
    expect(up.json.error.message).toMatch(/20260102000000_add_flag \(audit entry \d+\)/);
    expect(up.json.error.hint).toMatch(/resolve <version> --rolled-back/);
    // Before the lock: no run started (only this command's access entry).
    const events = readFileSync(auditFile(), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(before)
      .map((l) => JSON.parse(l).event);
    expect(events).not.toContain('run.start');
    const fr = await cli(['up', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stderr).toMatch(/appliquerait donc une seconde fois/);

    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(reasons(verify)).toEqual([expect.stringMatching(/records 20260102000000_add_flag as applied, but the history has no row for it/)]);
    expect(verify.json.problems[0].version).toBe('20260102000000');

    // Undone by hand and recorded: `up` applies it again, and the audit agrees.
    await query(db.url, 'alter table notes drop column flag');
    expect((await run('resolve', '20260102000000', '--rolled-back')).code).toBe(0);
    const again = await run('up');
    expect(again.code, again.stdout).toBe(0);
    expect(again.json.applied.map((m: { version: string }) => m.version)).toEqual(['20260102000000']);
    expect((await run('audit', 'verify')).code).toBe(0);
  });

  it('names a history row the audit has no migration.applied entry for', async () => {
    const [row] = await query<Record<string, unknown>>(db.url, "select * from dihya_migrations where version = '20260102000000'");
    await query(db.url, "delete from dihya_migrations where version = '20260102000000'");
    await query(
      db.url,
      `insert into dihya_migrations (version, name, checksum, kind, status, applied_at, duration_ms, applied_by)
       values ('20260103000000', '20260103000000_forged', '${String(row!.checksum)}', 'sql', 'applied', '${String(row!.applied_at)}', 1, 'x')`,
    );
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(reasons(verify)).toEqual([
      expect.stringMatching(/the history row of 20260103000000_forged .* has no migration.applied entry/),
      expect.stringMatching(/records 20260102000000_add_flag as applied, but the history has no row/),
    ]);
  });

  it('reports an empty audit, then a restarted one, where history exists; every problem listed', async () => {
    rmSync(auditFile());
    await query(db.url, 'delete from dihya_audit');
    const empty = await run('audit', 'verify');
    expect(empty.code).toBe(1);
    expect(reasons(empty)).toEqual([
      expect.stringMatching(/the audit is empty, but the history holds 2 applied migration\(s\): the audit file and its mirror were wiped/),
      expect.stringMatching(/history row of 20260101000000_create_notes/),
      expect.stringMatching(/history row of 20260102000000_add_flag/),
    ]);
    expect(empty.json.error.message.split('\n')).toHaveLength(4);

    // The next command starts a new chain at entry 1.
    expect((await run('backup', 'create')).code).toBe(0);
    const restarted = await run('audit', 'verify');
    expect(restarted.code).toBe(1);
    expect(reasons(restarted)[0]).toMatch(/starts at .* \(entry 1\), after migrations of the history were applied .*: it was wiped and started again/);
    expect(restarted.json.problems).toHaveLength(3);
  });

  it('agrees with the history through down, backups and a restore', async () => {
    const backup = (await run('backup', 'create')).json.backup.id as string;
    expect((await run('down')).code).toBe(0);
    expect((await run('audit', 'verify')).code).toBe(0);
    const restore = await run('backup', 'restore', backup, '--yes');
    expect(restore.code, restore.stdout).toBe(0);
    expect((await query(db.url, 'select version from dihya_migrations')).length).toBe(2);
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.json.problems).toEqual([]);
    const text = await cli(['audit', 'verify', '--url', db.url], project.dir);
    expect(text.stdout).toMatch(/the history agrees with the audit: 2 applied migration/);
  });

  it('on a checkout without the audit file, says it will rebuild it from the mirror, unverified, instead of reporting tampering', async () => {
    const file = auditFile();
    const original = readFileSync(file, 'utf8');
    renameSync(file, `${file}.aside`);
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.json).toMatchObject({ fileFound: false, intact: true, mirrorEntries: original.trimEnd().split('\n').length });
    // Its own access entry rebuilt the file, saying what vouched for the mirror.
    const rebuilt = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rebuilt.find((e) => e.event === 'audit.file-rebuilt')).toMatchObject({ checked: 'hashes only' });
    renameSync(file, `${file}.aside2`);
    const text = await cli(['audit', 'verify', '--url', db.url], project.dir);
    expect(text.stdout).toMatch(/no audit file here .*the next write to the audit .* rebuilds the file from them, vouched for by their own hashes only/);
  });
});
