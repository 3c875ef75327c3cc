import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { CANARIES } from './helpers/canaries.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

/*
 * Issue 7: every field of every output goes through one redaction at the edge. The table name,
 * the --reason and (for SQLite) the database path carry personal values; none may reach the
 * console, --json, the run log, the audit or a manifest, and backups still verify and restore.
 */

const CARD_TABLE = `export_${CANARIES.card2Series}`;
const REASON = `before the export for ${CANARIES.email}, ${CANARIES.phoneUs}`;

const MIGRATIONS = {
  '20260101000000_card_table.sql': `-- migrate:up
create table ${CARD_TABLE} (id integer primary key, note varchar(20));
insert into ${CARD_TABLE} (id, note) values (1, 'a'), (2, 'b');
`,
  '20260102000000_more.sql': `-- migrate:up
insert into ${CARD_TABLE} (id, note) values (3, 'c');
`,
};

/** Fails half-way on MariaDB, after its DDL committed. */
const HALF = '20260103000000_half.sql';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

/** The values planted, as written and without spaces. */
function leaksIn(text: string): string[] {
  const values = [CARD_TABLE, CANARIES.card2Series, CANARIES.email, CANARIES.phoneUs];
  return values.filter((v) => text.includes(v) || text.includes(v.replace(/\s/g, '')));
}

describe.each(DIALECTS)('one redaction at the edge on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let url: string;
  let holder: string | undefined;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    url = db.url;
    if (dialect === 'sqlite') {
      // A SQLite database in a folder named after a person's e-mail address,
      holder = mkdtempSync(path.join(os.tmpdir(), 'dihya-redaction-'));
      const folder = path.join(holder, CANARIES.email);
      mkdirSync(folder);
      url = `sqlite:${path.join(folder, `${CANARIES.phoneUs}.db`)}`; // and a file named after a phone number
    }
    project = createProject(MIGRATIONS);
    const allow = Object.fromEntries([...Object.keys(MIGRATIONS), HALF].map((name) => [name, 'canary fixtures']));
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ privacy: { literals: { allow } } }));
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
    if (holder) rmSync(holder, { recursive: true, force: true });
  });

  it('keeps table names, --reason and the target out of manifests, the audit, the run log and every output; backups still verify and restore', async () => {
    const outputs: string[] = [];
    const run = async (...args: string[]) => {
      let last: Awaited<ReturnType<typeof cli>> | undefined;
      for (const json of [[], ['--json']]) {
        last = await cli([...args, '--url', url, ...json], project.dir);
        outputs.push(last.stdout, last.stderr);
        expect(last.code, `${args.join(' ')}: ${last.stdout}${last.stderr}`).toBe(0);
      }
      return JSON.parse(last!.stdout);
    };
    const once = async (...args: string[]) => {
      const r = await cli([...args, '--url', url, '--json'], project.dir);
      outputs.push(r.stdout, r.stderr);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
      return r.json;
    };

    await once('up', '--to', '20260101000000');
    const created = await once('backup', 'create', '--reason', REASON);
    const id = created.backup?.id ?? created.id;
    expect(typeof id).toBe('string');
    await run('plan');
    await once('up'); // a run backup holding the table
    await run('status');
    await run('backup', 'list');
    await run('audit', 'show');
    await once('backup', 'verify', id);
    await once('backup', 'restore', id, '--yes');
    const [count] = await query<{ n: number | string }>(url, `select count(*) as n from ${CARD_TABLE}`);
    expect(Number(count!.n)).toBe(2);

    if (dialect === 'mysql') {
      // DDL commits at once on MariaDB: the step backup holds only that table, and the failure restores it from there.
      project.write(HALF, `-- migrate:up\nalter table ${CARD_TABLE} add column extra integer;\ninsert into no_such_table values (1);\n`);
      const failed = await cli(['up', '--url', url, '--json'], project.dir);
      outputs.push(failed.stdout, failed.stderr);
      expect(failed.code).not.toBe(0);
      expect(failed.json.error.message).toContain('no_such_table');
      const columns = await query<{ name: string }>(
        url,
        `select column_name as name from information_schema.columns where table_schema = database() and table_name = '${CARD_TABLE}'`,
      );
      expect(columns.map((c) => c.name).sort()).toEqual(['id', 'note']);
      project.remove(HALF);
    }

    const state = path.join(project.dir, '.dihya');
    const files = filesUnder(state);
    // The backup folder is named by its id, never by the reason.
    for (const f of files) expect(leaksIn(path.relative(state, f)), f).toEqual([]);
    const manifests = files.filter((f) => f.endsWith('manifest.json'));
    expect(manifests.length).toBeGreaterThanOrEqual(2);
    const stored = manifests.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    const manual = stored.find((m) => m.id === id);
    expect(manual.reason).toBe('before the export for [email], [phone]');
    expect(Object.keys(manual.rowCounts)).toContain('export_[card]');
    expect(manual.rowCounts['export_[card]']).toBe(2);
    if (dialect === 'mysql') {
      const step = stored.find((m) => m.kind === 'step');
      expect(step.tables).toEqual(['export_[card]']);
      // The names as they are, for the restore, sit with the data (like the dump itself).
      const scope = manifests.find((f) => JSON.parse(readFileSync(f, 'utf8')).kind === 'step')!.replace('manifest.json', 'scope.json');
      expect(JSON.parse(readFileSync(scope, 'utf8'))).toEqual([CARD_TABLE]);
    }
    const text = [...outputs, ...files.filter((f) => /\.(jsonl|log|json)$/.test(f) && !f.endsWith('scope.json')).map((f) => readFileSync(f, 'utf8'))].join(
      '\n',
    );
    expect(text).toContain('export_[card]');
    if (dialect === 'sqlite') {
      const audit = files.find((f) => /audit-.*\.jsonl$/.test(f))!;
      for (const line of readFileSync(audit, 'utf8').trim().split('\n')) expect(JSON.parse(line).target).toContain('[email]');
      for (const m of stored) expect(m.target).toContain('[email]');
    }
    const leaked = leaksIn(text);
    const at = text.indexOf(leaked[0] ?? '\u0000');
    expect(leaked, `…${text.slice(Math.max(0, at - 120), at + 80)}…`).toEqual([]);
    // What is not personal stays as it was.
    for (const m of stored) {
      expect(m.id).toMatch(/^\d{8}T\d{9}Z-\w+-[0-9a-f]{4}$/);
      expect(m.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(m.tool).toMatch(/^dihya-migrate \d+\.\d+\.\d+/);
      for (const f of m.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.totalSize).toBe(m.files.reduce((sum: number, f: { size: number }) => sum + f.size, 0));
      expect(Number.isInteger(m.durationMs)).toBe(true);
    }
  });
});

describe('SQL shown for review', () => {
  it('plan prints LIKE patterns as they are written (a pattern is not a personal value)', async () => {
    const db = await createScratchDatabase('sqlite');
    const project = createProject({
      '20260101000000_people.sql': `-- migrate:up
create table people (id integer primary key, email varchar(100));
`,
      '20260102000000_gmail.sql': `-- migrate:up
delete from people where email like '%@gmail.com' or email like 'jane.%@example.org';
`,
    });
    try {
      expect((await cli(['up', '--to', '20260101000000', '--url', db.url], project.dir)).code).toBe(0);
      for (const json of [false, true]) {
        const r = await cli(['plan', '--url', db.url, ...(json ? ['--json'] : [])], project.dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain("email like '%@gmail.com'");
        expect(r.stdout).toContain("email like 'jane.%@example.org'");
      }
    } finally {
      project.cleanup();
      await db.drop();
    }
  });
});
