import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const FIRST =
  "-- migrate:up\ncreate table first_table (id integer primary key, name varchar(20));\ninsert into first_table values (1, 'a');\n-- migrate:down\ndrop table first_table;\n";
const SECOND = '-- migrate:up\ncreate table second_table (id integer primary key);\n-- migrate:down\ndrop table second_table;\n';
const BROKEN = '-- migrate:up\ncreate table third_table (id integer primary key);\ninsert into no_such_table values (1);\n';

/** The CLI's edges on SQLite, in process: bad option values, empty states, --json shapes and French texts. */
describe('CLI edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  const run = (...args: string[]) => cli([...args, '--url', url], project.dir);
  const json = (...args: string[]) => cli([...args, '--url', url, '--json'], project.dir);

  beforeEach(() => {
    project = createProject({ '20260101000000_first.sql': FIRST, '20260102000000_second.sql': SECOND });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    new DatabaseSync(path.join(project.dir, 'app.db')).close(); // an empty database: read-only commands refuse a missing file
  });
  afterEach(() => project.cleanup());

  it('backup list says none, then shows kind, pin and table counts; pin/unpin/prune answer in text and JSON', async () => {
    expect((await run('backup', 'list')).stdout).toMatch(/no backups/i);
    expect((await json('up')).code).toBe(0);
    const created = await json('backup', 'create', '--reason', 'before-release');
    expect(created.code).toBe(0);
    const id = created.json.backup.id as string;
    const pin = await run('backup', 'pin', id);
    expect(pin.code).toBe(0);
    expect(pin.stdout).toContain(id);
    const listed = await run('backup', 'list');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('before-release');
    expect((await json('backup', 'list')).json.backups.find((b: { id: string }) => b.id === id).pinned).toBe(true);
    const unpin = await json('backup', 'unpin', id);
    expect(unpin.json).toMatchObject({ backup: id, pinned: false });
    expect((await run('backup', 'unpin', id)).stdout).toContain(id);

    // Prune: bad values are refused before any work, with exit code 2.
    for (const bad of [
      ['--keep', '0'],
      ['--keep', '1.5'],
      ['--keep', 'x'],
      ['--older-than', 'soon'],
      ['--older-than', '3w'],
    ]) {
      const refused = await json('backup', 'prune', ...bad);
      expect(refused.code).toBe(2);
      expect(refused.json.error.code).toBe('USAGE');
    }
    expect((await json('backup', 'prune', '--older-than', '30d')).json.removed).toEqual([]);
    const before = (await json('backup', 'list')).json.backups.length as number;
    expect(before).toBeGreaterThan(1);
    const pruned = await json('backup', 'prune', '--keep', '1', '--older-than', '0s');
    expect(pruned.code).toBe(0);
    expect(pruned.json.removed).toHaveLength(before - 1);
    const audit = await json('audit', 'show');
    expect(audit.json.entries.some((e: { event: string }) => e.event === 'backup.pruned')).toBe(true);
    expect((await json('backup', 'prune', '--keep', '5')).json.removed).toEqual([]);
    expect((await run('backup', 'prune', '--keep', '5')).code).toBe(0);
  });

  it('backup restore without --yes asks for confirmation; verify and restore of an unknown id fail with their code', async () => {
    expect((await json('up')).code).toBe(0);
    const id = (await json('backup', 'create')).json.backup.id as string;
    const unconfirmed = await json('backup', 'restore', id);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.json.error.code).toBe('RESTORE_NEEDS_CONFIRMATION');
    const missing = await json('backup', 'verify', 'no-such-backup');
    expect(missing.code).not.toBe(0);
    expect(missing.json.ok).toBe(false);
    const verified = await run('backup', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(id);
    const restored = await run('backup', 'restore', id, '--yes');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(id);
  });

  it('resolve: --abandon-restore stands alone, a version and exactly one outcome are required, nothing to resolve is an error', async () => {
    for (const args of [
      ['resolve', '--abandon-restore', '20260101000000'],
      ['resolve', '--abandon-restore', '--applied'],
      ['resolve', '--abandon-restore', '--rolled-back'],
    ]) {
      const refused = await json(...args);
      expect(refused.code).toBe(2);
      expect(refused.json.error.code).toBe('USAGE');
    }
    expect((await json('resolve', '--applied')).json.error.code).toBe('USAGE');
    expect((await json('resolve', '20260101000000', '--applied', '--undo')).json.error.code).toBe('USAGE');
    expect((await json('up')).code).toBe(0);
    const nothing = await json('resolve', '--abandon-restore');
    expect(nothing.json.error.code).toBe('NOTHING_TO_RESOLVE');
    for (const outcome of ['--applied', '--rolled-back']) expect((await json('resolve', '20260101000000', outcome)).json.error.code).toBe('NOTHING_TO_RESOLVE');
    expect((await json('resolve', '20991231000000', '--applied')).json.error.code).toBe('NOTHING_TO_RESOLVE');
    expect((await json('resolve', '20260101000000', '--undo')).json.error.code).toBe('NOTHING_TO_RESOLVE');
  });

  it('resolve settles a failed migration as applied or rolled back, in text and in French', async () => {
    project.write('20260103000000_broken.sql', BROKEN);
    expect((await json('up')).code).not.toBe(0);
    const history = async () => query(url, "select version, status from dihya_migrations where version = '20260103000000'");
    const state = (await history())[0] as { status: string } | undefined;
    if (state === undefined || state.status === 'applied') return; // a transactional failure leaves nothing to resolve
    const fr = await cli(['resolve', '20260103000000', '--rolled-back', '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(0);
    expect(fr.stdout).toContain('annulée');
    expect(await history()).toEqual([]);
  });

  it('audit show: --limit must be a whole number >= 1, an empty audit says so, details follow the event', async () => {
    for (const bad of ['0', '-1', '2.5', 'many']) {
      const refused = await json('audit', 'show', '--limit', bad);
      expect(refused.code).toBe(2);
      expect(refused.json.error).toMatchObject({ code: 'USAGE' });
    }
    const empty = await run('audit', 'show');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/no audit entries yet/);
    expect((await json('up')).code).toBe(0);
    const shown = await run('audit', 'show', '--limit', '2');
    expect(shown.stdout.trim().split('\n')).toHaveLength(2);
    expect(shown.stdout).toMatch(/^#\d+ \S+ \S+ \S+/m);
  });

  it('audit seal: without a key it is refused; with one it seals once and says so the second time', async () => {
    expect((await json('up')).code).toBe(0);
    const unkeyed = await run('audit', 'verify');
    expect(unkeyed.code).toBe(0);
    process.env.DIHYA_AUDIT_KEY = 'k'.repeat(40);
    try {
      const first = await json('audit', 'seal');
      expect(first.code).toBe(0);
      expect(first.json.already).toBeFalsy();
      const again = await json('audit', 'seal');
      expect(again.json).toMatchObject({ already: true, from: first.json.from });
      expect((await run('audit', 'seal')).stdout).toContain(String(first.json.from));
      const sealed = await json('audit', 'verify');
      expect(sealed.json).toMatchObject({ keyed: true, intact: true, sealedFrom: first.json.from });
      expect((await run('audit', 'verify')).stdout).toMatch(/DIHYA_AUDIT_KEY/);
    } finally {
      delete process.env.DIHYA_AUDIT_KEY;
    }
  });

  it('lint --to and --all, and plan --to with --statements and a migration failing on the scratch copy', async () => {
    const lintTo = await json('lint', '--to', '20260101000000');
    expect(lintTo.code).toBe(0);
    const lintAll = await json('lint', '--all');
    expect(lintAll.code).toBe(0);
    expect((await run('lint', '--all')).code).toBe(0);
    const planTo = await json('plan', '--to', '20260101000000');
    expect(planTo.json.pending.map((p: { version: string }) => p.version)).toEqual(['20260101000000']);
    project.write('20260103000000_broken.sql', BROKEN);
    project.write('20260104000000_after.sql', '-- migrate:up\ncreate table after_table (id integer primary key);\n');
    const plan = await run('plan', '--statements');
    expect(plan.stdout).toContain('20260103000000_broken');
    expect(plan.stdout).toMatch(/no_such_table/);
    expect(plan.stdout).toContain('20260103000000_broken.sql:3');
    const planJson = await json('plan');
    const broken = planJson.json.pending.find((p: { version: string }) => p.version === '20260103000000');
    expect(broken.failedOnScratch).toMatch(/no_such_table/);
    expect(planJson.json.pending.map((p: { version: string }) => p.version)).toContain('20260104000000');
  });

  it('rehearse --to rehearses only up to that version; a down that loses the inserted row fails the round trip', async () => {
    const rehearsed = await json('rehearse', '--to', '20260101000000');
    expect(rehearsed.code).toBe(1);
    expect(rehearsed.json.result).toBe('failed');
    expect(rehearsed.json.migrations.map((m: { version: string }) => m.version)).toEqual(['20260101000000']);
    expect(rehearsed.json.failure).toMatchObject({ phase: 'round-trip', version: '20260101000000' });
    const text = await run('rehearse', '--to', '20260101000000');
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('REHEARSAL_FAILED');
    expect((await json('up')).code).toBe(0);
    const nothing = await run('rehearse');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toMatch(/nothing pending/);
  });

  it('import-history names the tools it knows; repair needs exactly one action and a version', async () => {
    const unknown = await json('import-history', '--from', 'liquibase');
    expect(unknown.code).toBe(2);
    expect(unknown.json.error.message).toMatch(/flyway/);
    for (const args of [
      ['repair', '20260101000000'],
      ['repair', '20260101000000', '--accept-change', '--clear-failed'],
      ['repair', '--accept-change'],
      ['repair', '--clear-failed'],
    ]) {
      const refused = await json(...args);
      expect(refused.code).toBe(2);
      expect(refused.json.error.code).toBe('REPAIR_USAGE');
    }
  });

  it('new refuses a file that exists, and writes a sector migration from its pack', async () => {
    const made = await cli(['new', 'add_things', '--sql', '--json'], project.dir);
    expect(made.code).toBe(0);
    const file = made.json.file as string;
    expect(existsSync(file)).toBe(true);
    const sector = await cli(['new', 'grades', '--sector', 'education', '--migrations', 'other', '--json'], project.dir);
    if (sector.code === 0) expect(readFileSync(sector.json.file, 'utf8')).toMatch(/education/);
    else expect(sector.json.error.code).toMatch(/SECTOR|USAGE|CONFIG/);
  });

  it('status with no migrations says so; docs --out writes elsewhere', async () => {
    const empty = createProject();
    try {
      new DatabaseSync(path.join(empty.dir, 'e.db')).close();
      const status = await cli(['status', '--url', `sqlite:${path.join(empty.dir, 'e.db')}`], empty.dir);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/no migrations/i);
    } finally {
      empty.cleanup();
    }
    expect((await json('up', '--to', '20260101000000')).code).toBe(0);
    const docs = await json('docs', '--out', 'docs/MIGRATIONS.md');
    expect(docs.code).toBe(0);
    expect(docs.json).toMatchObject({ file: path.join(project.dir, 'docs', 'MIGRATIONS.md'), migrations: 2 });
    const text = readFileSync(docs.json.file, 'utf8');
    expect(text).toContain('first_table');
    expect((await run('docs')).stdout).toContain('MIGRATIONS.md');
  });

  it('speaks French for usage errors with --lang=fr: too many arguments, unknown option with a suggestion', async () => {
    const tooMany = await cli(['status', 'extra', '--lang=fr'], project.dir);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('trop d’arguments');
    const suggestion = await cli(['up', '--dry-rn', '--lang=fr', '--json'], project.dir);
    expect(suggestion.code).toBe(2);
    expect(suggestion.json.error.code).toBe('USAGE');
    expect(JSON.stringify(suggestion.json.error)).toContain('--dry-run');
    const en = await cli(['statu'], project.dir);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('status');
  });

  it('privacy: subject export needs --out, and subject commands need privacy.subjects in the config', async () => {
    const noOut = await json('subject', 'export', 'customer', '1');
    expect(noOut.code).toBe(2);
    expect(noOut.json.error.code).toMatch(/USAGE|PRIVACY_NOT_CONFIGURED/);
    const erase = await json('subject', 'erase', 'customer', '1', '--yes');
    expect(erase.json.error.code).toBe('PRIVACY_NOT_CONFIGURED');
    writeFileSync(path.join(project.dir, 'out.json'), '');
  });
});
