import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../src/database/connect.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { tableExists } from './helpers/tables.ts';

const OK_MIGRATION = '-- migrate:up\ncreate table ok_table (id integer primary key);\n';

describe('the CLI on bad input', () => {
  let project: TestProject;
  let sqliteUrl: string;

  beforeEach(() => {
    project = createProject({ '20260101000000_ok.sql': OK_MIGRATION });
    sqliteUrl = `sqlite:${path.join(project.dir, 'app.db')}`;
  });
  afterEach(() => project.cleanup());

  const expectError = async (args: string[], code: string, exitCode: number) => {
    const text = await cli(args, project.dir);
    expect(text.code).toBe(exitCode);
    expect(text.stderr).toContain(`error [${code}]`);
    expect(text.stderr).toMatch(/\n {2}hint: \S/);
    const json = await cli([...args, '--json'], project.dir);
    expect(json.code).toBe(exitCode);
    expect(json.json.ok).toBe(false);
    expect(json.json.error.code).toBe(code);
    return json.json.error as { message: string; hint: string };
  };

  it('rejects unknown commands and options, and bad option values, with exit code 2', async () => {
    await expectError(['frobnicate'], 'USAGE', 2);
    await expectError(['up', '--bogus'], 'USAGE', 2);
    await expectError(['down', '--url', sqliteUrl, '--steps', 'abc'], 'USAGE', 2);
    await expectError(['status', '--lock-timeout', 'soon'], 'USAGE', 2);
    await expectError(['resolve', '20260101000000', '--url', sqliteUrl], 'USAGE', 2);
    await expectError(['new', 'Bad Name'], 'USAGE', 2);
    expect((await cli([], project.dir)).code).toBe(2);
    expect((await cli(['--help'], project.dir)).code).toBe(0);
  });

  it('rejects bad URLs without ever printing the password', async () => {
    const unsupported = await expectError(['status', '--url', 'oracle://scott:tiger@db/x'], 'URL_UNSUPPORTED', 2);
    expect(JSON.stringify(unsupported)).not.toContain('tiger');
    await expectError(['status', '--url', 'postgres://127.0.0.1:5432'], 'URL_INVALID', 2);
    await expectError(['status', '--url', 'not a url'], 'URL_INVALID', 2);
    await expectError(['status', '--url', 'sqlite:'], 'URL_INVALID', 2);

    const secret = 'S3cretPassw0rd';
    for (const url of [`postgres://someone:${secret}@127.0.0.1:5999/app`, `mysql://root:${secret}@127.0.0.1:3306/test`]) {
      const text = await cli(['status', '--url', url], project.dir);
      expect(text.code).toBe(1);
      expect(text.stderr).toContain('CONNECTION_FAILED');
      expect(text.stdout + text.stderr).not.toContain(secret);
      expect(text.stderr).toContain('***');
    }
    await expectError(['status', '--url', `sqlite:${path.join(project.dir, 'no', 'such', 'dir', 'x.db')}`], 'CONNECTION_FAILED', 1);
  });

  it('rejects a bad config file and names the bad key', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: sqliteUrl, lock: { timeoutMs: 'soon' } }));
    const invalid = await expectError(['status'], 'CONFIG_INVALID', 2);
    expect(invalid.message).toContain('lock.timeoutMs');
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: sqliteUrl, tabel: 'typo' }));
    expect((await expectError(['status'], 'CONFIG_INVALID', 2)).message).toContain('tabel');
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: sqliteUrl, table: 'bad name; drop' }));
    await expectError(['status'], 'CONFIG_INVALID', 2);
    writeFileSync(path.join(project.dir, 'dihya.config.json'), '{ "url": ');
    await expectError(['status'], 'CONFIG_LOAD_FAILED', 2);
    await expectError(['status', '--config', 'nope.config.ts'], 'CONFIG_NOT_FOUND', 2);
  });

  it('loads a TypeScript config and rejects one that does not compile', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.ts'), `export default { url: ${JSON.stringify(sqliteUrl)} } satisfies object;\n`);
    expect((await cli(['up', '--json'], project.dir)).json.applied).toHaveLength(1);
    writeFileSync(path.join(project.dir, 'dihya.config.ts'), 'export default { url: ;\n');
    await expectError(['status'], 'CONFIG_LOAD_FAILED', 2);
  });

  it('rejects malformed and duplicate migration files before touching the database', async () => {
    const run = (...args: string[]) => ['up', '--url', sqliteUrl, ...args];
    project.write('2026_add_email.sql', OK_MIGRATION);
    await expectError(run(), 'MIGRATION_NAME_INVALID', 2);
    project.remove('2026_add_email.sql');
    project.write('20261399000000_bad_month.sql', OK_MIGRATION);
    await expectError(run(), 'MIGRATION_NAME_INVALID', 2);
    project.remove('20261399000000_bad_month.sql');

    project.write('20260101000000_twin.ts', "export default { description: 'twin', up() {} };\n");
    const duplicate = await expectError(run(), 'MIGRATION_DUPLICATE', 2);
    expect(duplicate.message).toContain('20260101000000_ok.sql');
    project.remove('20260101000000_twin.ts');

    project.write('20260102000000_no_marker.sql', 'create table x (id integer);\n');
    await expectError(run(), 'MIGRATION_MALFORMED', 2);
    project.write('20260102000000_no_marker.sql', '-- migrate:up\n-- migrate:up\n');
    await expectError(run(), 'MIGRATION_MALFORMED', 2);
    project.write('20260102000000_no_marker.sql', '-- migrate:up transaction:maybe\nselect 1;\n');
    await expectError(run(), 'MIGRATION_MALFORMED', 2);
    project.remove('20260102000000_no_marker.sql');

    project.write('20260102000000_broken.ts', 'export default { description: "x", up() { return 1 +; } };\n');
    await expectError(run(), 'MIGRATION_LOAD_FAILED', 2);
    await expectError(['validate', '--url', sqliteUrl], 'MIGRATION_LOAD_FAILED', 2);
    project.remove('20260102000000_broken.ts');

    expect(await tableExists(sqliteUrl, 'ok_table')).toBe(false);
    expect(await tableExists(sqliteUrl, 'dihya_migrations')).toBe(false);
    await expectError(['up', '--url', sqliteUrl, '--migrations', 'nowhere'], 'MIGRATIONS_DIR_MISSING', 2);
    await expectError(['up', '--url', sqliteUrl, '--to', '29990101000000'], 'TARGET_VERSION_UNKNOWN', 2);
  });

  it('init refuses to overwrite, and new picks a free version each time', async () => {
    expect((await cli(['init'], project.dir)).code).toBe(0);
    await expectError(['init'], 'CONFIG_EXISTS', 2);
    const first = await cli(['new', 'add_email', '--json'], project.dir);
    const second = await cli(['new', 'add_phone', '--sql', '--json'], project.dir);
    expect(first.code).toBe(0);
    expect(second.json.version > first.json.version).toBe(true);
    const names = readdirSync(project.migrationsDir);
    expect(names).toContain(`${first.json.version}_add_email.ts`);
    expect(names).toContain(`${second.json.version}_add_phone.sql`);
    // An SQL migration with an empty up section is refused; once written, both apply
    // (the default config points at sqlite:./dihya.db).
    await expectError(['up'], 'MIGRATION_MALFORMED', 2);
    writeFileSync(path.join(project.migrationsDir, `${second.json.version}_add_phone.sql`), OK_MIGRATION.replace('ok_table', 'phones'));
    const up = await cli(['up', '--json'], project.dir);
    expect(up.code, up.stdout).toBe(0);
    expect(up.json.applied).toHaveLength(3);
  });
});

describe.each(DIALECTS)('lock held on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_ok.sql': OK_MIGRATION });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('makes a second run wait, then give up with LOCK_HELD and exit code 1', async () => {
    const holder = await connect(db.url);
    const lock = await holder.acquireLock({ table: 'dihya_migrations', timeoutMs: 1000, leaseMs: 30_000 });
    try {
      const blocked = await cli(['up', '--url', db.url, '--lock-timeout', '300', '--json'], project.dir);
      expect(blocked.code).toBe(1);
      expect(blocked.json.error.code).toBe('LOCK_HELD');
      expect(blocked.json.error.message).toMatch(/waited \d+ ms/);
      expect(await tableExists(db.url, 'ok_table')).toBe(false);
    } finally {
      await lock.release();
      await holder.close();
    }
    const after = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(after.json.applied).toHaveLength(1);
  });
});
