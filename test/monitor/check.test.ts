import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query, schemaOf } from '../helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('dihya-migrate check on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const statuses = (json: { checks: { name: string; status: string }[] }) => Object.fromEntries(json.checks.map((c) => [c.name, c.status]));
  const configure = (monitor: object) => writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ monitor }));

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('on a fresh database: fails on pending migrations, lists every check, and creates nothing in the database', async () => {
    const before = Object.keys((await schemaOf(db.url)).tables);
    const check = await run('check');
    expect(check.code).toBe(1);
    expect(check.json.ok).toBe(false);
    expect(check.json.error.code).toBe('CHECK_FAILED');
    expect(check.json.healthy).toBe(false);
    expect(statuses(check.json)).toEqual({ pending: 'fail', drift: 'ok', interrupted: 'ok', schema: 'skip', audit: 'ok', backup: 'skip' });
    expect(check.json.checks[0].data.migrations).toEqual(['20260101000000_create_notes', '20260102000000_add_flag']);
    expect(Object.keys((await schemaOf(db.url)).tables)).toEqual(before);
    // The access is in the run log only: no audit file either.
    const logs = path.join(project.dir, '.dihya', 'logs');
    expect(readdirSync(logs).filter((f) => f.startsWith('audit-'))).toEqual([]);
    const runLog = readFileSync(path.join(logs, 'dihya.log'), 'utf8');
    expect(runLog).toMatch(/"command":"check","outcome":"CHECK_FAILED"/);
    expect(runLog).toContain('not recorded in the audit');

    const text = await cli(['check', '--url', db.url], project.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('[FAIL] pending: 2 migration(s) not applied: 20260101000000_create_notes, 20260102000000_add_flag');
    expect(text.stdout).toContain('unhealthy: 1 check(s) failed');
    expect(text.stderr).toContain('error [CHECK_FAILED]');
  });

  it('is healthy after up, then catches a schema changed by hand, an edited file and a tampered audit', async () => {
    expect((await run('up')).code).toBe(0);
    let check = await run('check');
    expect(check.code, JSON.stringify(check.json)).toBe(0);
    expect(check.json.ok).toBe(true);
    expect(statuses(check.json)).toEqual({ pending: 'ok', drift: 'ok', interrupted: 'ok', schema: 'ok', audit: 'ok', backup: 'skip' });

    await query(db.url, 'create table by_hand (id integer primary key)');
    check = await run('check');
    expect(check.code).toBe(1);
    const schema = check.json.checks.find((c: { name: string }) => c.name === 'schema');
    expect(schema.status).toBe('fail');
    expect(schema.data.recorded.tables).toBe(1);
    expect(schema.data.live.tables).toBe(2);
    const fr = await cli(['check', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stdout).toMatch(/\[ÉCHEC\] schéma : modifié en dehors de dihya-migrate depuis le .* \(tables : 1 enregistrées, 2 maintenant/);
    await query(db.url, 'drop table by_hand');
    expect((await run('check')).code).toBe(0);

    project.write('20260101000000_create_notes.sql', MIGRATIONS['20260101000000_create_notes.sql'].replace('varchar(100)', 'varchar(200)'));
    check = await run('check');
    expect(statuses(check.json).drift).toBe('fail');
    expect(check.json.checks.find((c: { name: string }) => c.name === 'drift').data.edited).toEqual(['20260101000000_create_notes']);
    project.write('20260101000000_create_notes.sql', MIGRATIONS['20260101000000_create_notes.sql']);

    const logs = path.join(project.dir, '.dihya', 'logs');
    const file = path.join(
      logs,
      readdirSync(logs).find((f) => f.startsWith('audit-'))!,
    );
    writeFileSync(file, readFileSync(file, 'utf8').replace('"event":"run.end"', '"event":"run.ended"'));
    check = await run('check');
    expect(check.code).toBe(1);
    const audit = check.json.checks.find((c: { name: string }) => c.name === 'audit');
    expect(audit.status).toBe('fail');
    expect(audit.data.first.reason).toBeTruthy();
  });

  it('fails on an interrupted migration', async () => {
    expect((await run('up')).code).toBe(0);
    await query(db.url, "update dihya_migrations set status = 'running' where version = '20260102000000'");
    const check = await run('check');
    expect(check.code).toBe(1);
    expect(statuses(check.json).interrupted).toBe('fail');
    expect(check.json.checks.find((c: { name: string }) => c.name === 'interrupted').data.migrations).toEqual(['20260102000000_add_flag']);
  });

  it('requires a verified backup younger than monitor.check.backupMaxAgeHours when set', async () => {
    configure({ check: { backupMaxAgeHours: 24 } });
    expect((await run('up')).code).toBe(0);
    let check = await run('check');
    expect(check.code).toBe(1);
    expect(check.json.checks.find((c: { name: string }) => c.name === 'backup')).toMatchObject({
      status: 'fail',
      data: { verifiedBy: 'restore', maxAgeHours: 24 },
    });
    expect((await run('backup', 'verify')).code).toBe(0);
    check = await run('check');
    expect(check.code, JSON.stringify(check.json)).toBe(0);
    const backup = check.json.checks.find((c: { name: string }) => c.name === 'backup');
    expect(backup.status).toBe('ok');
    expect(backup.data.ageHours).toBeLessThan(1);

    configure({ check: { backupMaxAgeHours: 24, backupVerifiedBy: 'checksum' } });
    const list = (await run('backup', 'list')).json.backups;
    for (const b of list) {
      const dir = path.join(project.dir, '.dihya', 'backups', readdirSync(path.join(project.dir, '.dihya', 'backups'))[0]!, b.id);
      for (const f of b.files) writeFileSync(path.join(dir, f.name), 'damaged');
    }
    check = await run('check');
    expect(statuses(check.json).backup).toBe('fail');
    expect((await run('backup', 'create')).code).toBe(0);
    check = await run('check');
    expect(statuses(check.json).backup).toBe('ok');
    expect(existsSync(path.join(project.dir, '.dihya'))).toBe(true);
  });
});
