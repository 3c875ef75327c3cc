import { lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

/*
 * Issue 7: the state folder (backups with personal data, logs, audit) stays private: out of git,
 * 0600 files in 0700 folders.
 */

describe('init keeps the state folder out of git', () => {
  it('creates .gitignore, or appends to it once, whatever is already there', async () => {
    const project = createProject();
    try {
      const first = await cli(['init', '--json'], project.dir);
      expect(first.code).toBe(0);
      expect(first.json.gitignore).toBe('created');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toMatch(/^\/\.dihya\/$/m);

      // An existing .gitignore without a final newline: appended on a line of its own, once.
      rmSync(path.join(project.dir, 'dihya.config.ts'));
      writeFileSync(path.join(project.dir, '.gitignore'), 'node_modules\ndist');
      const second = await cli(['init'], project.dir);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('.gitignore');
      const appended = readFileSync(path.join(project.dir, '.gitignore'), 'utf8');
      expect(appended.split('\n').slice(0, 2)).toEqual(['node_modules', 'dist']);
      expect(appended.match(/^\/\.dihya\/$/gm)).toHaveLength(1);

      rmSync(path.join(project.dir, 'dihya.config.ts'));
      expect((await cli(['init', '--json'], project.dir)).json.gitignore).toBe('present');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toBe(appended);

      // A line of the user's own that already ignores it is enough.
      rmSync(path.join(project.dir, 'dihya.config.ts'));
      writeFileSync(path.join(project.dir, '.gitignore'), '.dihya\n');
      const french = await cli(['init', '--lang', 'fr', '--json'], project.dir);
      expect(french.json.gitignore).toBe('present');
      expect(readFileSync(path.join(project.dir, '.gitignore'), 'utf8')).toBe('.dihya\n');
    } finally {
      project.cleanup();
    }
  });
});

/** Every file and folder under `dir` whose mode is not 0600 (files) or 0700 (folders), with its mode. */
function wrongModes(dir: string): string[] {
  const wrong: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      const stat = lstatSync(full);
      const mode = stat.mode & 0o777;
      const want = stat.isDirectory() ? 0o700 : 0o600;
      if (mode !== want) wrong.push(`${path.relative(dir, full)} ${mode.toString(8)}`);
      if (stat.isDirectory()) walk(full);
    }
  };
  if (statSync(dir).mode & 0o077) wrong.push(`. ${(statSync(dir).mode & 0o777).toString(8)}`);
  walk(dir);
  return wrong;
}

const SHOP = `-- migrate:up
create table customers (id integer primary key, name varchar(100));
insert into customers (id, name) values (1, 'ada');
`;
const MORE = `-- migrate:up
insert into customers (id, name) values (2, 'brahim');
`;

describe.each(DIALECTS)('file modes under the state dir on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject({ '20260101000000_shop.sql': SHOP });
    writeFileSync(
      path.join(project.dir, 'dihya.config.json'),
      JSON.stringify({ privacy: { literals: { allow: { '20260101000000_shop.sql': 'fixtures', '20260102000000_more.sql': 'fixtures' } } } }),
    );
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps every file 0600 and every folder 0700, whatever the umask: backups, run log, audit, manifests, bundles', async () => {
    const umask = process.umask(0o022);
    try {
      const run = async (...args: string[]) => {
        const r = await cli([...args, '--url', db.url, '--json'], project.dir);
        expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
        return r.json;
      };
      await run('up');
      project.write('20260102000000_more.sql', MORE);
      await run('up');
      const created = await run('backup', 'create', '--reason', 'manual');
      const id = created.backup?.id ?? created.id;
      await run('backup', 'verify', id);
      await run('backup', 'restore', id, '--yes');
      await run('backup', 'pin', id);
      await run('audit', 'verify');
      await run('export', 'ipfs');
      const state = path.join(project.dir, '.dihya');
      expect(readdirSync(state).sort()).toEqual(expect.arrayContaining(['backups', 'logs']));
      expect(wrongModes(state)).toEqual([]);
    } finally {
      process.umask(umask);
    }
  });
});
