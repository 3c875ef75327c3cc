import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject } from './helpers/project.ts';

/*
 * Issue 7: the state folder (backups with personal data, logs, audit) stays private: out of git.
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
