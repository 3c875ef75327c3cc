import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/audit/audit-line.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { rewriteAudit, type RewriteOptions } from './helpers/rewrite-audit.ts';
import { query } from './helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

const KEY = randomBytes(32).toString('hex');

/** Each rewrite someone with write access to the file and the mirror could make, hashes recomputed. */
const ATTACKS: [string, (entries: AuditEntry[]) => AuditEntry[], RewriteOptions?][] = [
  ['rewrites an actor', (es) => es.map((e) => (e.seq === 3 ? { ...e, actor: 'someone-else' } : e))],
  ['rewrites an actor, pasting the old MACs back', (es) => es.map((e) => (e.seq === 3 ? { ...e, actor: 'someone-else' } : e)), { keepMacs: true }],
  ['deletes a migration.applied', (es) => es.filter((e) => e.event !== 'migration.applied' || e.version !== '20260101000000')],
  ['forges an entry at the end', (es) => [...es, { ...es.at(-1)!, event: 'backup.pruned', ids: ['x'] }]],
  [
    'forges an entry in the middle, pasting the old MACs back',
    (es) => [...es.slice(0, 2), { ...es[1]!, event: 'backup.pinned', id: 'x' }, ...es.slice(2)],
    { keepMacs: true },
  ],
  ['truncates both tails', (es) => es.slice(0, -3)],
  ['truncates both tails and deletes the keyed head', (es) => es.slice(0, -3), { dropHead: true }],
  ['wipes both', () => []],
  ['wipes both and the keyed head', () => [], { dropHead: true }],
  [
    'rewrites an actor, strips every MAC and deletes the keyed head',
    (es) => es.map((e) => (e.seq === 3 ? { ...e, actor: 'someone-else' } : e)),
    { dropHead: true },
  ],
];

describe.each(DIALECTS)('audit sealed with DIHYA_AUDIT_KEY on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const auditFile = () => {
    const dir = path.join(project.dir, '.dihya', 'logs');
    return path.join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('audit-'))!,
    );
  };

  beforeEach(async () => {
    process.env.DIHYA_AUDIT_KEY = KEY;
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    expect((await run('up')).code).toBe(0);
    expect((await run('down')).code).toBe(0);
  });
  afterEach(async () => {
    delete process.env.DIHYA_AUDIT_KEY;
    project.cleanup();
    await db.drop();
  });

  it('seals every line and keeps a keyed head in the mirror; the key itself is stored nowhere', async () => {
    const lines = readFileSync(auditFile(), 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/,"hash":"[0-9a-f]{64}","mac":"[0-9a-f]{64}"\}$/);
    const head = await query<{ line: string }>(db.url, 'select line from dihya_audit where seq = 0');
    expect(JSON.parse(head[0]!.line)).toMatchObject({ seq: lines.length });
    const stateFiles = readdirSync(path.join(project.dir, '.dihya'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(stateFiles.length).toBeGreaterThan(2);
    const everything =
      JSON.stringify(await query(db.url, 'select * from dihya_audit')) +
      JSON.stringify(await query(db.url, 'select * from dihya_migrations')) +
      stateFiles.map((f) => readFileSync(path.join(f.parentPath, f.name), 'utf8')).join('');
    expect(everything).not.toContain(KEY);
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.json).toMatchObject({ keyed: true, sealedEntries: lines.length, sealedFrom: 1, problems: [] });
    expect(verify.stdout).not.toContain(KEY);
    const text = await cli(['audit', 'verify', '--url', db.url], project.dir);
    expect(text.stdout).toMatch(/sealed with DIHYA_AUDIT_KEY: every MAC and the keyed head match/);
  });

  it.each(ATTACKS)('detects someone who %s in the file and the mirror, hashes recomputed', async (_, change, options) => {
    await rewriteAudit(db.url, auditFile(), change, options);
    delete process.env.DIHYA_AUDIT_KEY;
    const unkeyed = await run('audit', 'verify');
    process.env.DIHYA_AUDIT_KEY = KEY;
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(1);
    expect(verify.json.error.code).toBe('AUDIT_TAMPERED');
    // Every problem is listed, in the JSON and in the message, never "and N more".
    expect(verify.json.problems.length).toBeGreaterThan(0);
    expect(verify.json.error.message).not.toMatch(/more problem/);
    for (const problem of verify.json.problems) expect(verify.json.error.message).toContain(problem.text);
    // The seal (not only the history cross-check) sees it.
    expect(verify.json.problems.some((p: { reason: string }) => /MAC|keyed head|sealed/.test(p.reason))).toBe(true);
    // Without the key the same audit either passes, or only the history gives it away.
    const unkeyedReasons: string[] = (unkeyed.json.problems ?? []).map((p: { reason: string }) => p.reason);
    expect(unkeyedReasons.every((r) => /history/.test(r))).toBe(true);
    // Nothing written since (this command's own access entry included) makes it go away.
    expect((await run('down')).code).not.toBe(0);
    expect((await run('audit', 'verify')).code).toBe(1);
  });

  it('keeps the seal through a backup restore (the mirror and its head are never restored)', async () => {
    const backup = (await run('backup', 'create')).json.backup.id as string;
    expect((await run('up')).code).toBe(0);
    const restore = await run('backup', 'restore', backup, '--yes');
    expect(restore.code, restore.stdout).toBe(0);
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.json).toMatchObject({ keyed: true, sealedFrom: 1, problems: [] });
  });

  it('refuses to rebuild a moved-aside file from a forged mirror', async () => {
    const file = auditFile();
    await rewriteAudit(db.url, file, (es) => es.map((e) => (e.seq === 2 ? { ...e, actor: 'forger' } : e)), { file: false, keepMacs: true });
    const { renameSync } = await import('node:fs');
    renameSync(file, `${file}.aside`);
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.json.fileFound).toBe(false);
    const blocked = await run('down');
    expect(blocked.code).toBe(1);
    expect(blocked.json.error.code).toBe('AUDIT_BROKEN');
    expect(blocked.json.error.message).toMatch(/a MAC that does not match DIHYA_AUDIT_KEY/);
  });

  it('refuses entries without the key once sealed, and another key', async () => {
    delete process.env.DIHYA_AUDIT_KEY;
    const unkeyed = await run('down');
    expect(unkeyed.code).toBe(2);
    expect(unkeyed.json.error.code).toBe('AUDIT_KEY_REQUIRED');
    process.env.DIHYA_AUDIT_KEY = randomBytes(32).toString('hex');
    const other = await run('audit', 'verify');
    expect(other.code).toBe(2);
    expect(other.json.error.code).toBe('AUDIT_KEY_MISMATCH');
    expect(other.json.error.hint).toMatch(/DIHYA_AUDIT_KEY/);
  });
});

describe('DIHYA_AUDIT_KEY itself', () => {
  let project: TestProject;
  let db: ScratchDatabase;
  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    delete process.env.DIHYA_AUDIT_KEY;
    project.cleanup();
    await db.drop();
  });

  it.each([
    ['too short', 'short-key-1234', 'AUDIT_KEY_TOO_SHORT', /at least 32/, /au moins 32/],
    ['empty', '', 'AUDIT_KEY_INVALID', /set but empty/, /définie mais vide/],
    ['padded', ` ${KEY}\n`, 'AUDIT_KEY_INVALID', /starts or ends with a space/, /commence ou finit/],
    ['with a tab', `${KEY}\t${KEY}`, 'AUDIT_KEY_INVALID', /control character/, /caractère de contrôle/],
  ])('a key %s is refused before anything connects, in English and French, never printed', async (_, key, code, en, fr) => {
    process.env.DIHYA_AUDIT_KEY = key;
    const folder = path.dirname(db.file!);
    const before = readdirSync(folder).map((f) => [f, statSync(path.join(folder, f)).size]);
    for (const [lang, pattern] of [
      ['en', en],
      ['fr', fr],
    ] as const) {
      const result = await cli(['up', '--url', db.url, '--lang', lang], project.dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(code);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).toMatch(/openssl rand -hex 32|DIHYA_AUDIT_KEY/);
      if (key.trim().length > 4) expect(result.stderr + result.stdout).not.toContain(key.trim());
    }
    // Nothing connected: the (empty) database file and its folder are as they were.
    expect(readdirSync(folder).map((f) => [f, statSync(path.join(folder, f)).size])).toEqual(before);
  });

  it('setting the key on an existing audit: refused until `audit seal`, then sealed from there, and verify says from where', async () => {
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    process.env.DIHYA_AUDIT_KEY = KEY;
    const before = await cli(['audit', 'verify', '--url', db.url, '--json'], project.dir);
    expect(before.code).toBe(1);
    expect(before.json.problems.map((p: { reason: string }) => p.reason)).toEqual([
      expect.stringMatching(/no entry is sealed with DIHYA_AUDIT_KEY: either the key was never used for this audit \(`dihya-migrate audit seal`/),
    ]);
    const down = await cli(['down', '--url', db.url, '--json'], project.dir);
    expect(down.json.error.code).toBe('AUDIT_NOT_SEALED');
    expect(down.json.error.hint).toMatch(/audit seal/);
    const seal = await cli(['audit', 'seal', '--url', db.url, '--json'], project.dir);
    expect(seal.code, seal.stdout).toBe(0);
    expect(seal.json).toMatchObject({ already: false, unsealed: seal.json.from - 1 });
    expect((await cli(['audit', 'seal', '--url', db.url], project.dir)).stdout).toMatch(
      new RegExp(`already sealed with DIHYA_AUDIT_KEY \\(from entry ${seal.json.from}\\)`),
    );
    expect((await cli(['down', '--url', db.url], project.dir)).code).toBe(0);
    const text = await cli(['audit', 'verify', '--url', db.url], project.dir);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`entries ${seal.json.from} to \\d+; entries before ${seal.json.from} were written before the key was set`));
  });

  it('`audit seal` without the key says it needs it', async () => {
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    const fr = await cli(['audit', 'seal', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toMatch(/AUDIT_KEY_MISSING.*a besoin de DIHYA_AUDIT_KEY/);
  });

  it('without the key, verify says the audit is not keyed instead of claiming it resists a writer', async () => {
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    const verify = await cli(['audit', 'verify', '--url', db.url], project.dir);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/not keyed: .*could rewrite them unnoticed. Set DIHYA_AUDIT_KEY/);
    const fr = await cli(['audit', 'verify', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stdout).toMatch(/sans clé : .*Définissez DIHYA_AUDIT_KEY/);
    const json = await cli(['audit', 'verify', '--url', db.url, '--json'], project.dir);
    expect(json.json).toMatchObject({ keyed: false, intact: true });
  });
});
