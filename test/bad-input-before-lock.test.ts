import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, runCliProcess } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, schemaOf, tableExists } from './helpers/tables.ts';

const ORDERS = '-- migrate:up\ncreate table orders (id integer primary key, total integer);\n';

/** Each bad input of issue 7 ("caught before the lock"): a DihyaError with its code and hint, never INTERNAL, and the database untouched. */
describe.each(DIALECTS)('bad input caught before the lock on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const backupsDir = () => path.join(project.dir, '.dihya', 'backups');

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_orders.sql': ORDERS });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('a `rowCounts` entry naming a missing table stops `up` before the lock and the backup, and `plan` names it too', async () => {
    project.write('20260102000000_seed.ts', "export default { description: 'seed', async up() {}, checks: { rowCounts: { ordres: 1 } } };\n");
    const up = await run('up');
    expect(up.code).toBe(2);
    expect(up.json.error).toMatchObject({ code: 'CHECK_TABLE_UNKNOWN' });
    expect(up.json.error.message).toContain('checks.rowCounts names table ordres');
    expect(await tableExists(db.url, 'orders')).toBe(false);
    expect(existsSync(backupsDir())).toBe(false);
    const plan = await run('plan');
    expect(plan.code).toBe(2);
    expect(plan.json.error.code).toBe('CHECK_TABLE_UNKNOWN');
    // A table an earlier pending migration creates is known.
    project.write('20260102000000_seed.ts', "export default { description: 'seed', async up() {}, checks: { rowCounts: { orders: 0 } } };\n");
    const fixed = await run('up');
    expect(fixed.code, JSON.stringify(fixed.json)).toBe(0);
  });

  it('`plan` exits non-zero when a pending migration fails on the scratch copy, and names only that one', async () => {
    project.write('20260102000000_bad.sql', '-- migrate:up\ninsert into nowhere_table values (1);\n');
    project.write('20260103000000_good.sql', '-- migrate:up\ncreate table good (id integer primary key);\n');
    const text = await cli(['plan', '--url', db.url], project.dir);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('error [PLAN_MIGRATION_FAILS]: Migration 20260102000000_bad fails on a schema-only copy of the database');
    expect(text.stderr).toContain('(1 later migration(s) not tried)');
    expect(text.stderr).toMatch(/\n {2}hint: \S/);
    const good = text.stdout.slice(text.stdout.indexOf('-- 20260103000000_good'));
    expect(good).toContain('-- (not tried: 20260102000000_bad fails before it)');
    expect(good).not.toMatch(/nowhere_table|FAILS/);
    expect(text.stdout.match(/nowhere_table/g)?.length).toBe(2); // its SQL, and its failure
    const json = await run('plan');
    expect(json.code).toBe(2);
    expect(json.json.error.code).toBe('PLAN_MIGRATION_FAILS');
    const pending = json.json.pending as { name: string; failedOnScratch?: string; schemaChanges?: string[]; schemaPreviewError?: string }[];
    expect(pending.map((p) => [p.name, Boolean(p.failedOnScratch), p.schemaPreviewError])).toEqual([
      ['20260101000000_orders', false, undefined],
      ['20260102000000_bad', true, undefined],
      ['20260103000000_good', false, undefined],
    ]);
    expect(pending[0]!.schemaChanges).toEqual([expect.stringContaining('+table orders')]);
    const fr = await cli(['plan', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(fr.stderr).toContain('erreur [PLAN_MIGRATION_FAILS]: La migration 20260102000000_bad échoue sur une copie de la base sans données');
    expect(await tableExists(db.url, 'orders')).toBe(false);
    project.remove('20260102000000_bad.sql');
    expect((await run('plan')).code).toBe(0);
  });

  it('a history table of the wrong shape (another tool’s) is named, for every command, and left as it was', async () => {
    await query(db.url, 'create table dihya_migrations (id integer primary key, script varchar(100))');
    const before = (await schemaOf(db.url)).tables;
    for (const command of [['status'], ['plan'], ['validate'], ['up'], ['down'], ['backup', 'create']]) {
      const result = await run(...command);
      expect(result.json.error?.code, `${command.join(' ')}: ${JSON.stringify(result.json)}`).toBe('HISTORY_TABLE_FOREIGN');
      expect(result.code).toBe(2);
      expect(result.json.error.message).toBe(
        'Table dihya_migrations is not a dihya-migrate history table: it has no column version, name, checksum, kind, status, applied_at, duration_ms, applied_by',
      );
      expect(result.json.error.hint).toContain('`table`');
      expect((await schemaOf(db.url)).tables, command.join(' ')).toEqual(before);
    }
    expect(existsSync(backupsDir())).toBe(false);
  });

  it('a migration throwing something that is not an Error fails as MIGRATION_FAILED, described, not `[object Object]`', async () => {
    project.write('20260102000000_throws.ts', "export default { description: 'throws', async up() { throw { code: 42, why: 'nope' }; } };\n");
    const up = await run('up');
    expect(up.code).toBe(1);
    expect(up.json.error.code).toBe('MIGRATION_FAILED');
    expect(up.json.error.message).toBe('Migration 20260102000000_throws failed: a thrown object: {"code":42,"why":"nope"}');
    const text = await cli(['up', '--url', db.url], project.dir);
    expect(text.stderr).not.toContain('[object Object]');
    expect(text.stderr).not.toContain('INTERNAL');
  });

  it('a corrupt manifest.json is listed as unreadable and neither fails `up` nor costs the fresh backup', async () => {
    expect((await run('up')).code).toBe(0);
    const [folder] = readdirSync(backupsDir());
    const targetDir = path.join(backupsDir(), folder!);
    const [first] = readdirSync(targetDir);
    writeFileSync(path.join(targetDir, first!, 'manifest.json'), '{ "format": 1, "id": ');
    project.write('20260102000000_items.sql', '-- migrate:up\ncreate table items (id integer primary key);\n');
    const up = await run('up');
    expect(up.code, JSON.stringify(up.json)).toBe(0);
    expect(up.json.applied).toHaveLength(1);
    const after = readdirSync(targetDir);
    expect(after).toContain(first);
    expect(after).toHaveLength(2);
    const list = await cli(['backup', 'list', '--url', db.url], project.dir);
    expect(list.code).toBe(0);
    expect(list.stdout + list.stderr).toContain(`unreadable backup folder ${first}: manifest.json is not valid JSON`);
    expect((await run('status')).code).toBe(0);
  });
});

describe.each(DIALECTS)('the state dir on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_orders.sql': ORDERS });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('full disk after a commit: the error says which migrations committed, and the next run completes the audit', async () => {
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    const logs = path.join(project.dir, '.dihya', 'logs');
    const auditFile = path.join(
      logs,
      readdirSync(logs).find((f) => f.startsWith('audit-'))!,
    );
    // The second migration's up() makes the audit file a window on /dev/full: every write after its commit fails with ENOSPC.
    project.write('20260102000000_items.sql', '-- migrate:up\ncreate table items (id integer primary key);\n');
    project.write(
      '20260103000000_fill_disk.ts',
      `import { rmSync, symlinkSync } from 'node:fs';
export default { description: 'fill disk', async up({ db }) {
  await db.schema.createTable('boxes').addColumn('id', 'integer').execute();
  rmSync(${JSON.stringify(auditFile)});
  symlinkSync('/dev/full', ${JSON.stringify(auditFile)});
} };\n`,
    );
    project.write('20260104000000_later.sql', '-- migrate:up\ncreate table later (id integer primary key);\n');
    const full = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(full.code).toBe(1);
    expect(full.json.error.code).toBe('STATE_WRITE_FAILED');
    expect(full.json.error.message).toBe(
      `Could not write ${path.relative(project.dir, auditFile)}: no space left on the device (ENOSPC); committed in this run before it stopped: 20260102000000_items, 20260103000000_fill_disk`,
    );
    expect(full.json.error.hint).toMatch(/^Free some disk space .* The migrations that committed stay applied/);
    expect(full.json.applied.map((a: { name: string }) => a.name)).toEqual(['20260102000000_items', '20260103000000_fill_disk']);
    expect(full.json.notRun).toEqual(['20260104000000_later']);
    expect(await tableExists(db.url, 'boxes')).toBe(true);
    expect(await tableExists(db.url, 'later')).toBe(false);

    rmSync(auditFile);
    const next = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(next.code, JSON.stringify(next.json)).toBe(0);
    expect(next.json.applied.map((a: { name: string }) => a.name)).toEqual(['20260104000000_later']);
    const verify = await cli(['audit', 'verify', '--url', db.url, '--json'], project.dir);
    expect(verify.code, JSON.stringify(verify.json)).toBe(0);
  });

  it('a read-only state dir stops `up` before the lock with STATE_WRITE_FAILED; read-only commands still work', async () => {
    expect((await cli(['status', '--url', db.url], project.dir)).code).toBe(0);
    const stateDir = path.join(project.dir, '.dihya');
    mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
    const asRoot = process.getuid?.() === 0;
    // root writes anywhere: run as nobody, in a project it may read and a database it may write.
    chmodSync(project.dir, 0o777);
    if (db.file) {
      chmodSync(path.dirname(db.file), 0o777);
      if (existsSync(db.file)) chmodSync(db.file, 0o666);
    }
    chmodSync(path.join(stateDir, 'logs'), 0o555);
    chmodSync(stateDir, 0o555);
    try {
      const run = async (args: string[]) => {
        if (!asRoot) return cli(args, project.dir);
        const child = await runCliProcess(args, { cwd: project.dir, uid: 65534, gid: 65534 });
        return { ...child, json: args.includes('--json') ? JSON.parse(child.stdout) : undefined };
      };
      const up = await run(['up', '--url', db.url, '--json']);
      expect(up.json.error.code, up.stdout + up.stderr).toBe('STATE_WRITE_FAILED');
      expect(up.code).toBe(1);
      expect(up.json.error.message).toMatch(/^Could not write \.dihya\/\.write-check-\d+: permission denied \(EACCES\)$/);
      expect(up.json.error.hint).toBe(
        'Make the state dir writable for this user, or point `stateDir` in dihya.config.ts to a writable folder, then run again. Nothing was changed.',
      );
      expect(await tableExists(db.url, 'orders')).toBe(false);
      const status = await run(['status', '--url', db.url, '--json']);
      expect(status.code, status.stdout + status.stderr).toBe(0);
      expect(status.json.entries).toHaveLength(1);
    } finally {
      chmodSync(stateDir, 0o700);
      chmodSync(path.join(stateDir, 'logs'), 0o700);
    }
  });
});

describe('a SQLite path that does not exist', () => {
  let project: TestProject;
  beforeEach(() => {
    project = createProject({ '20260101000000_orders.sql': ORDERS });
  });
  afterEach(() => project.cleanup());

  it('read-only commands create nothing and say so with a hint; `up` creates the file', async () => {
    const file = path.join(project.dir, 'missing.db');
    const url = `sqlite:${file}`;
    for (const command of [
      ['status'],
      ['plan'],
      ['validate'],
      ['backup', 'list'],
      ['backup', 'verify'],
      ['audit', 'verify'],
      ['audit', 'show'],
      ['down'],
      ['check'],
    ]) {
      const result = await cli([...command, '--url', url, '--json'], project.dir);
      expect(result.json.error?.code, `${command.join(' ')}: ${JSON.stringify(result.json)}`).toBe('SQLITE_FILE_MISSING');
      expect(result.code).toBe(2);
      expect(result.json.error.message).toBe(`SQLite database ${url} does not exist`);
      expect(result.json.error.hint).toContain('Only `dihya-migrate up` creates a missing file');
      expect(existsSync(file), command.join(' ')).toBe(false);
    }
    const fr = await cli(['status', '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.stderr).toContain(`erreur [SQLITE_FILE_MISSING]: La base SQLite ${url} n’existe pas`);
    expect(existsSync(file)).toBe(false);
    expect((await cli(['up', '--url', url], project.dir)).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect((await cli(['status', '--url', url], project.dir)).code).toBe(0);
  });
});

describe.each(DIALECTS)('table names holding a dot on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    const q = (name: string) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`);
    project = createProject({
      '20260101000000_odd.sql': `-- migrate:up\ncreate table ${q('odd.name')} (id integer primary key, v varchar(10));\ninsert into ${q('odd.name')} values (1, 'a'), (2, 'b');\ncreate table plain (id integer primary key);\n`,
    });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('`backup create` and `backup verify` count them as one name, with no INTERNAL error', async () => {
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    const created = await cli(['backup', 'create', '--url', db.url, '--json'], project.dir);
    expect(created.code, JSON.stringify(created.json)).toBe(0);
    const counts = created.json.backup.rowCounts as Record<string, number>;
    expect(Object.entries(counts).find(([name]) => name.includes('odd.name'))?.[1]).toBe(2);
    const verify = await cli(['backup', 'verify', '--url', db.url, '--json'], project.dir);
    expect(verify.code, JSON.stringify(verify.json)).toBe(0);
    const text = await cli(['backup', 'verify', '--url', db.url], project.dir);
    expect(text.stderr).not.toContain('INTERNAL');
    expect(text.stdout).toMatch(/^ok: backup /);
  });
});
