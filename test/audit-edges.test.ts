import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const ONE = '-- migrate:up\ncreate table one (id integer primary key);\n-- migrate:down\ndrop table one;\n';
const TWO = '-- migrate:up\ncreate table two (id integer primary key);\n-- migrate:down\ndrop table two;\n';

/** The audit file and its mirror disagreeing in ways a crash or a hand never should: each is refused, by name. */
describe('audit file edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  let file: string;
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);

  beforeEach(async () => {
    project = createProject({ '20260101000000_one.sql': ONE });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    expect((await json('up')).code).toBe(0);
    file = (await json('audit', 'show')).json.file as string;
    project.write('20260102000000_two.sql', TWO);
  });
  afterEach(() => {
    delete process.env.DIHYA_AUDIT_KEY;
    project.cleanup();
  });

  const broken = async () => {
    const up = await json('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('AUDIT_BROKEN');
    return up.json.error.message as string;
  };

  it('refuses a file whose last line is not terminated', async () => {
    appendFileSync(file, '{"seq":99');
    expect(await broken()).toMatch(/not terminated/);
  });

  it('refuses a file that is not a regular file', async () => {
    rmSync(file);
    mkdirSync(file);
    expect(await broken()).toMatch(/not a regular file/);
  });

  it('refuses a file whose entries differ from the mirror', async () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = lines[0]!.replace('"seq":1', '"seq":1,"x":1');
    writeFileSync(file, lines.join('\n'));
    expect(await broken()).toMatch(/different entries/);
  });

  it('completes the mirror from a longer file, and says so in the audit', async () => {
    await query(url, 'delete from dihya_audit where seq = (select max(seq) from dihya_audit)');
    const up = await json('up');
    expect(up.code).toBe(0);
    const events = (await json('audit', 'show', '--limit', '500')).json.entries.map((e: { event: string }) => e.event);
    expect(events).toContain('audit.mirror-completed');
  });

  it('audit seal without DIHYA_AUDIT_KEY is refused; once sealed, running without the key is refused too', async () => {
    const seal = await json('audit', 'seal');
    expect(seal.code).not.toBe(0);
    expect(seal.json.error.code).toBe('AUDIT_KEY_MISSING');
    process.env.DIHYA_AUDIT_KEY = 'z'.repeat(48);
    const notSealed = await json('up');
    expect(notSealed.json.error.code).toBe('AUDIT_NOT_SEALED');
    expect((await json('audit', 'seal')).code).toBe(0);
    expect((await json('up')).code).toBe(0);
    delete process.env.DIHYA_AUDIT_KEY;
    const required = await json('down');
    expect(required.code).not.toBe(0);
    expect(required.json.error.code).toBe('AUDIT_KEY_REQUIRED');
    process.env.DIHYA_AUDIT_KEY = 'y'.repeat(48);
    const otherKey = await json('down');
    expect(otherKey.code).not.toBe(0);
    expect(otherKey.json.error.code).toBe('AUDIT_KEY_MISMATCH');
  });
});
