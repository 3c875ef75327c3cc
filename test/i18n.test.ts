import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../src/cli/i18n/messages-en.ts';
import { fr } from '../src/cli/i18n/messages-fr.ts';
import { errorsFr } from '../src/cli/i18n/errors-fr.ts';
import { errorMessages } from '../src/errors/error-messages.ts';
import { runCli } from '../src/cli/main.ts';
import { createProject, type TestProject } from './helpers/project.ts';

async function cliWithEnv(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, env, io: { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) } });
  return { code, stdout, stderr };
}

describe('messages in English and French', () => {
  let project: TestProject;
  let url: string;
  beforeEach(() => {
    project = createProject({ '20260101000000_t.sql': '-- migrate:up\ncreate table t (id integer primary key);\n' });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    // an empty database: read-only commands refuse a file that does not exist
    writeFileSync(path.join(project.dir, 'app.db'), '');
  });
  afterEach(() => project.cleanup());

  it('has a French text for every error code and every CLI message', () => {
    expect(Object.keys(errorsFr).sort()).toEqual(Object.keys(errorMessages).sort());
    const shape = (o: unknown): unknown =>
      typeof o === 'object' && o !== null ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)])) : typeof o;
    expect(shape(fr)).toEqual(shape(en));
  });

  it('speaks French with --lang fr, and with LANG=fr_FR when no flag is given', async () => {
    const flag = await cliWithEnv(['up', '--url', 'oracle://x/y', '--lang', 'fr'], project.dir, {});
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('erreur [URL_UNSUPPORTED]: Schéma d’URL non pris en charge « oracle »');
    expect(flag.stderr).toContain('conseil: Schémas pris en charge');

    const env = await cliWithEnv(['status', '--url', url], project.dir, { LANG: 'fr_FR.UTF-8' });
    expect(env.stdout).toContain('en attente');
    expect(env.stdout).toContain('changement de schéma');

    const english = await cliWithEnv(['status', '--url', url], project.dir, { LANG: 'fr_FR.UTF-8', LC_ALL: 'C' });
    expect(english.stdout).toContain('pending');

    const up = await cliWithEnv(['up', '--url', url, '--lang', 'fr'], project.dir, {});
    expect(up.stdout).toContain('→ application de 20260101000000_t');
    expect(up.stdout).toContain('1 migration(s) appliquée(s)');

    const help = await cliWithEnv(['--help', '--lang', 'fr'], project.dir, {});
    expect(help.stdout).toContain('sauvegarder, puis appliquer les migrations');
  });

  it('refuses an unknown language with a hint', async () => {
    const result = await cliWithEnv(['status', '--lang', 'de'], project.dir, {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--lang must be en or fr');
  });
});
